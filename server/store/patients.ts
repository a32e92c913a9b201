import { sql, type Kysely } from 'kysely';
import { applyPatientEvent, type Patient, type PatientEvent, type PatientEventType } from '../../shared/patients/patient';
import { writeAudit, type AuditEntry } from './audit';
import { findByCommandId } from './events';
import type { Database } from './schema';
import { numberOrNull } from './columns';
import { addMissingColumns, createEventLog, createTable, notNull, primaryKey } from './tableSpecs';

/** The patients' event log and its fold (one row per patient, for lists and search). */
export interface PatientTables {
  patients: { patient_id: string; alias: string; birth_year: number | null; created_at: number; updated_at: number; last_seq: number };
  patient_events: {
    patient_id: string;
    seq: number;
    type: string;
    payload_json: string;
    recorded_at: number;
    actor_json: string;
    command_id: string;
  };
}

/** Creates the patient tables and the sessions' link column if missing (portable types). */
export async function migratePatients(db: Kysely<Database>): Promise<void> {
  await createTable(db, 'patients', [
    ['patient_id', 'text', primaryKey],
    ['alias', 'text', notNull],
    ['birth_year', 'integer'],
    ['created_at', 'bigint', notNull],
    ['updated_at', 'bigint', notNull],
    ['last_seq', 'integer', notNull],
  ]);
  await createEventLog(db, 'patient_events', { column: 'patient_id', references: 'patients.patient_id' }, ['recorded_at']);
  await addMissingColumns(db, 'sessions', [['patient_id', 'text']]);
  await db.schema.createIndex('sessions_patient').ifNotExists().on('sessions').columns(['patient_id', 'opened_at']).execute();
}

function toPatient(row: Database['patients']): Patient {
  return {
    patientId: row.patient_id,
    alias: row.alias,
    birthYear: numberOrNull(row.birth_year),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toEvent(row: Database['patient_events']): PatientEvent {
  return {
    patientId: row.patient_id,
    seq: Number(row.seq),
    type: row.type as PatientEventType,
    payload: JSON.parse(row.payload_json),
    recordedAt: Number(row.recorded_at),
    commandId: row.command_id,
  } as PatientEvent;
}

export async function findPatient(db: Kysely<Database>, patientId: string): Promise<Patient | null> {
  const row = await db.selectFrom('patients').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
  return row ? toPatient(row) : null;
}

/** Patients whose alias contains `search` (case-insensitive), alias order; at most `limit`. */
export async function listPatients(db: Kysely<Database>, search: string, limit: number): Promise<Patient[]> {
  let query = db.selectFrom('patients').selectAll();
  if (search !== '') {
    const like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(alias) like ${like} escape '\\'`);
  }
  const rows = await query
    .orderBy(sql`lower(alias)`)
    .orderBy('patient_id')
    .limit(limit)
    .execute();
  return rows.map(toPatient);
}

export async function patientEvents(db: Kysely<Database>, patientId: string): Promise<PatientEvent[]> {
  const rows = await db.selectFrom('patient_events').selectAll().where('patient_id', '=', patientId).orderBy('seq').execute();
  return rows.map(toEvent);
}

export async function findPatientCommand(db: Kysely<Database>, commandId: string): Promise<PatientEvent | null> {
  const row = await db.selectFrom('patient_events').selectAll().where('command_id', '=', commandId).executeTakeFirst();
  return row ? toEvent(row) : null;
}

export type NewPatientEvent = Omit<PatientEvent, 'seq' | 'recordedAt'>;

/**
 * Append one patient event, fold it into the patient's row and write its audit row, in one
 * transaction. Idempotent by command id: a resend answers the stored event. A `patient.created`
 * for an existing patient, or a change to a missing one, is refused with `null`.
 */
export async function appendPatientEvent(
  db: Kysely<Database>,
  draft: NewPatientEvent,
  actorJson: string,
  recordedAt: number,
  audit: (event: PatientEvent) => AuditEntry,
): Promise<{ event: PatientEvent; duplicate: boolean } | null> {
  return db.transaction().execute(async (trx) => {
    const stored = await findPatientCommand(trx, draft.commandId);
    if (stored) return { event: stored, duplicate: true };
    if (await findByCommandId(trx, draft.commandId)) return null;
    const row = await trx.selectFrom('patients').selectAll().where('patient_id', '=', draft.patientId).executeTakeFirst();
    if ((draft.type === 'patient.created') !== (row === undefined)) return null;
    const seq = row ? Number(row.last_seq) + 1 : 1;
    const event = { ...draft, seq, recordedAt } as PatientEvent;
    const next = applyPatientEvent(row ? toPatient(row) : null, event)!;
    if (row) {
      await trx
        .updateTable('patients')
        .set({ alias: next.alias, birth_year: next.birthYear, updated_at: next.updatedAt, last_seq: seq })
        .where('patient_id', '=', draft.patientId)
        .execute();
    } else {
      await trx
        .insertInto('patients')
        .values({
          patient_id: next.patientId,
          alias: next.alias,
          birth_year: next.birthYear,
          created_at: next.createdAt,
          updated_at: next.updatedAt,
          last_seq: seq,
        })
        .execute();
    }
    await trx
      .insertInto('patient_events')
      .values({
        patient_id: event.patientId,
        seq,
        type: event.type,
        payload_json: JSON.stringify(event.payload),
        recorded_at: recordedAt,
        actor_json: actorJson,
        command_id: event.commandId,
      })
      .execute();
    await writeAudit(trx, audit(event));
    return { event, duplicate: false };
  });
}

/** A patient's sessions, oldest first: id, when opened and the alias each was opened with. */
export async function sessionsOfPatient(db: Kysely<Database>, patientId: string) {
  return db
    .selectFrom('sessions')
    .select(['session_id', 'opened_at', 'patient_alias', 'protocol_name'])
    .where('patient_id', '=', patientId)
    .orderBy('opened_at')
    .orderBy('session_id')
    .execute();
}
