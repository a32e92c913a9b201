import { sql, type Kysely } from 'kysely';
import type { RemsAnswers, RemsFormRecord, RemsRecordFields } from '../../shared/record/remsForm';
import { writeAudit, type AuditEntry } from './audit';
import type { Database } from './schema';
import { numberOrNull } from './columns';

type Person = { userId: string; displayName: string };

function toRecord(row: Database['rems_forms']): RemsFormRecord {
  return {
    answers: row.answers_json === null ? null : (JSON.parse(row.answers_json) as RemsAnswers),
    signedBy: row.signed_by_json === null ? null : (JSON.parse(row.signed_by_json) as Person),
    signedAt: numberOrNull(row.signed_at),
    signedFields: row.signed_fields_json ? (JSON.parse(row.signed_fields_json) as RemsRecordFields) : null,
    submittedBy: row.submitted_by_json === null ? null : (JSON.parse(row.submitted_by_json) as Person),
    submittedAt: numberOrNull(row.submitted_at),
  };
}

export async function getRemsForm(db: Kysely<Database>, sessionId: string): Promise<RemsFormRecord | null> {
  const row = await db.selectFrom('rems_forms').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Every stored form (the clinic page counts the ones not yet submitted). */
export async function listRemsForms(db: Kysely<Database>): Promise<Map<string, RemsFormRecord>> {
  const rows = await db.selectFrom('rems_forms').selectAll().execute();
  return new Map(rows.map((row) => [row.session_id, toRecord(row)]));
}

/**
 * The prescriber's answers and signature, and the fields from the record as they signed them,
 * with its audit row, in one transaction. A new signature
 * replaces the last, but never once the form is marked submitted: the check is the write's own
 * condition, so a submission committed in between is not overwritten. False when it was.
 */
export async function signRemsForm(
  db: Kysely<Database>,
  sessionId: string,
  answers: RemsAnswers,
  fields: RemsRecordFields,
  by: Person,
  at: number,
  audit: AuditEntry,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const values = {
      answers_json: JSON.stringify(answers),
      signed_fields_json: JSON.stringify(fields),
      signed_by_json: JSON.stringify(by),
      signed_at: at,
      updated_at: at,
    };
    const written = await trx
      .insertInto('rems_forms')
      .values({ session_id: sessionId, submitted_by_json: null, submitted_at: null, ...values })
      .onConflict((conflict) => conflict.column('session_id').doUpdateSet(values).where('rems_forms.submitted_at', 'is', null))
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await writeAudit(trx, audit);
    return true;
  });
}

/**
 * Mark a signed form submitted to the REMS, with its audit row, in one transaction; once only
 * (the condition is the write's own). False when the form is not signed or already submitted.
 */
export async function markRemsSubmitted(
  db: Kysely<Database>,
  sessionId: string,
  by: Person,
  at: number,
  audit: AuditEntry,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const written = await trx
      .updateTable('rems_forms')
      .set({ submitted_by_json: JSON.stringify(by), submitted_at: at, updated_at: at })
      .where('session_id', '=', sessionId)
      .where('submitted_at', 'is', null)
      .where('signed_at', 'is not', null)
      .executeTakeFirst();
    if (Number(written.numUpdatedRows) === 0) return false;
    await writeAudit(trx, audit);
    return true;
  });
}

/** Sessions that ended (closed_at is the discharge or early end) after a dose: the ones a REMS form may be due for. */
export async function listClosedDosedSessions(db: Kysely<Database>) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('session_protocols as p', 'p.session_id', 's.session_id')
    .select(['s.session_id', 's.room_id', 's.patient_alias', 's.closed_at', 'p.protocol_json'])
    .where('s.closed_at', 'is not', null)
    .where(sql<boolean>`exists (select 1 from session_events e where e.session_id = s.session_id and e.type = 'dose.recorded')`)
    .execute();
}
