import { sql, type Kysely } from 'kysely';
import type { RemsAnswers, RemsFormRecord } from '../../shared/record/remsForm';
import { writeAudit, type AuditEntry } from './audit';
import type { Database } from './schema';

type Person = { userId: string; displayName: string };

function toRecord(row: Database['rems_forms']): RemsFormRecord {
  return {
    answers: row.answers_json === null ? null : (JSON.parse(row.answers_json) as RemsAnswers),
    signedBy: row.signed_by_json === null ? null : (JSON.parse(row.signed_by_json) as Person),
    signedAt: row.signed_at === null ? null : Number(row.signed_at),
    submittedBy: row.submitted_by_json === null ? null : (JSON.parse(row.submitted_by_json) as Person),
    submittedAt: row.submitted_at === null ? null : Number(row.submitted_at),
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

/** The prescriber's answers and signature, with its audit row, in one transaction. A new signature replaces the last. */
export async function signRemsForm(
  db: Kysely<Database>,
  sessionId: string,
  answers: RemsAnswers,
  by: Person,
  at: number,
  audit: AuditEntry,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const values = { answers_json: JSON.stringify(answers), signed_by_json: JSON.stringify(by), signed_at: at, updated_at: at };
    const existing = await trx.selectFrom('rems_forms').select('session_id').where('session_id', '=', sessionId).executeTakeFirst();
    if (existing) await trx.updateTable('rems_forms').set(values).where('session_id', '=', sessionId).execute();
    else
      await trx
        .insertInto('rems_forms')
        .values({ session_id: sessionId, submitted_by_json: null, submitted_at: null, ...values })
        .execute();
    await writeAudit(trx, audit);
  });
}

/** Mark a signed form submitted to the REMS, with its audit row, in one transaction. */
export async function markRemsSubmitted(db: Kysely<Database>, sessionId: string, by: Person, at: number, audit: AuditEntry): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rems_forms')
      .set({ submitted_by_json: JSON.stringify(by), submitted_at: at, updated_at: at })
      .where('session_id', '=', sessionId)
      .execute();
    await writeAudit(trx, audit);
  });
}

/** Sessions that ended (closed_at is the discharge or early end) after a dose: the ones a REMS form may be due for. */
export async function listClosedDosedSessions(db: Kysely<Database>) {
  return db
    .selectFrom('sessions as s')
    .select(['s.session_id', 's.room_id', 's.patient_alias', 's.closed_at', 's.protocol_json'])
    .where('s.closed_at', 'is not', null)
    .where(sql<boolean>`exists (select 1 from session_events e where e.session_id = s.session_id and e.type = 'dose.recorded')`)
    .execute();
}
