import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { addMissingColumns, createTable, notNull } from './tableSpecs';

/** Columns the Sessions page filters on, and the REMS form a prescriber completes. */
export interface RecordTables {
  rems_forms: {
    session_id: string;
    answers_json: string | null;
    signed_by_json: string | null;
    signed_at: number | null;
    submitted_by_json: string | null;
    submitted_at: number | null;
    updated_at: number;
    /** The form's fields from the record as signed (JSON `RemsRecordFields`); null before signing. */
    signed_fields_json: string | null;
  };
}

/**
 * The session list filters by patient alias and protocol: those are copied from the
 * `session.opened` event into the sessions row when it is created (older rows are filled here
 * once). Whether a session was discharged or ended early is read from its closing event, found
 * through a small partial index.
 */
export async function migrateRecord(db: Kysely<Database>): Promise<void> {
  await addMissingColumns(db, 'sessions', [
    ['patient_alias', 'text'],
    ['protocol_id', 'text'],
    ['protocol_name', 'text'],
  ]);
  const unfilled = await db.selectFrom('sessions').select('session_id').where('patient_alias', 'is', null).execute();
  for (const { session_id } of unfilled) {
    const opened = await db
      .selectFrom('session_events')
      .select('payload_json')
      .where('session_id', '=', session_id)
      .where('seq', '=', 1)
      .executeTakeFirst();
    if (!opened) continue;
    const payload = JSON.parse(opened.payload_json) as { patientAlias?: string; protocolId?: string; protocolName?: string };
    await db
      .updateTable('sessions')
      .set({ patient_alias: payload.patientAlias ?? '', protocol_id: payload.protocolId ?? '', protocol_name: payload.protocolName ?? '' })
      .where('session_id', '=', session_id)
      .execute();
  }
  // Appends read the time of a session's last commit from its row (events.ts), not from its last event: filled once for older rows.
  await addMissingColumns(db, 'sessions', [['last_recorded_at', 'bigint']]);
  await sql`update sessions set last_recorded_at = (select max(recorded_at) from session_events where session_events.session_id = sessions.session_id) where last_recorded_at is null`.execute(
    db,
  );
  await db.schema.createIndex('sessions_opened').ifNotExists().on('sessions').column('opened_at').execute();
  await sql`create index if not exists session_events_closing on session_events (session_id, type) where type in ('session.discharged', 'session.endedEarly')`.execute(
    db,
  );
  await createTable(db, 'rems_forms', [
    ['session_id', 'text', (c) => c.primaryKey().references('sessions.session_id')],
    ['answers_json', 'text'],
    ['signed_by_json', 'text'],
    ['signed_at', 'bigint'],
    ['submitted_by_json', 'text'],
    ['submitted_at', 'bigint'],
    ['updated_at', 'bigint', notNull],
  ]);
  await addMissingColumns(db, 'rems_forms', [['signed_fields_json', 'text']]);
}
