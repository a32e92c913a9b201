import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { NewSessionEvent, SessionEvent, SessionEventPayload } from '../../shared/session/events';
import { preparedQuery } from './preparedQuery';
import type { Database } from './schema';
import { numberOrNull } from './columns';
import { auditEntryOf, writeAudit, type AuditIntent } from './audit';
import { findByCommandId } from './events';
import { columnsOf } from './tableSpecs';

export interface SessionRow {
  sessionId: string;
  roomId: string;
  openedAt: number;
  closedAt: number | null;
  lastSeq: number;
  protocolJson: string;
}

type StoredSession = Selectable<Database['sessions']> & Pick<Selectable<Database['session_protocols']>, 'protocol_json'>;

function toRow(row: StoredSession): SessionRow {
  return {
    sessionId: row.session_id,
    roomId: row.room_id,
    openedAt: Number(row.opened_at),
    closedAt: numberOrNull(row.closed_at),
    lastSeq: Number(row.last_seq),
    protocolJson: row.protocol_json,
  };
}

/** The Sessions page's filter columns, from the opening event. */
function listColumns(opened: NewSessionEvent): {
  patient_alias: string;
  protocol_id: string;
  protocol_name: string;
  patient_id: string | null;
} {
  if (opened.type !== 'session.opened') throw new Error('A session starts with session.opened');
  // NewSessionEvent is an Omit over the union, which loses the narrowing by type.
  const payload = opened.payload as SessionEventPayload<'session.opened'>;
  return {
    patient_alias: payload.patientAlias,
    protocol_id: payload.protocolId,
    protocol_name: payload.protocolName,
    patient_id: payload.patientId ?? null,
  };
}

/**
 * Create a session and its first event (`session.opened`, seq 1), with its audit row, in one transaction
 * (its own, or the group commit's batch when given one). Idempotent by the opening command id.
 */
export async function createSession(
  db: Kysely<Database> | Transaction<Database>,
  opened: NewSessionEvent,
  roomId: string,
  protocolJson: string,
  recordedAt: number,
  audit: AuditIntent | null = null,
): Promise<{ event: SessionEvent; duplicate: boolean }> {
  const create = async (trx: Transaction<Database>) => {
    const existing = await findByCommandId(trx, opened.commandId);
    if (existing) return { event: existing, duplicate: true };
    await trx
      .insertInto('sessions')
      .values({
        session_id: opened.sessionId,
        room_id: roomId,
        opened_at: opened.observedAt,
        closed_at: null,
        last_seq: 1,
        last_recorded_at: recordedAt,
        ...listColumns(opened),
      })
      .execute();
    await trx.insertInto('session_protocols').values({ session_id: opened.sessionId, protocol_json: protocolJson }).execute();
    const event = { ...opened, seq: 1, recordedAt } as SessionEvent;
    await trx
      .insertInto('session_events')
      .values({
        session_id: event.sessionId,
        seq: 1,
        type: event.type,
        payload_json: JSON.stringify(event.payload),
        observed_at: event.observedAt,
        recorded_at: recordedAt,
        actor_json: JSON.stringify(event.actor),
        command_id: event.commandId,
      })
      .execute();
    if (audit) await writeAudit(trx, auditEntryOf(audit, event));
    return { event, duplicate: false };
  };
  return db.isTransaction ? create(db as Transaction<Database>) : db.transaction().execute(create);
}

const getSessionQuery = preparedQuery<{ sessionId: string }, StoredSession>(['sessionId'], (db, p) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('session_protocols as p', 'p.session_id', 's.session_id')
    .selectAll('s')
    .select('p.protocol_json')
    .where('s.session_id', '=', p.sessionId),
);
// Every monitor reading asks for its room's running session: compiled once.
const openInRoomQuery = preparedQuery<{ roomId: string }, { session_id: string }>(['roomId'], (db, p) =>
  db
    .selectFrom('sessions')
    .select('session_id')
    .where('room_id', '=', p.roomId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at', 'desc'),
);

export async function getSession(db: Kysely<Database>, sessionId: string): Promise<SessionRow | null> {
  const [row] = (await getSessionQuery(db, { sessionId })).rows;
  return row ? toRow(row) : null;
}

/** An open session as the lists of open sessions need it (not its protocol: a few kB each). */
export type OpenSessionRow = Pick<SessionRow, 'sessionId' | 'roomId' | 'openedAt'>;

/**
 * Sessions not yet closed, oldest first. Boards' summaries and the reactors' discovery ask this
 * often; reading every open session's protocol JSON with it took ~5 ms at 500 rooms.
 */
export async function listOpenSessions(db: Kysely<Database>): Promise<OpenSessionRow[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['session_id', 'room_id', 'opened_at'])
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .execute();
  return rows.map((row) => ({ sessionId: row.session_id, roomId: row.room_id, openedAt: Number(row.opened_at) }));
}

/**
 * Ids of the sessions not yet closed in one room, newest first: the room's running session is
 * among them. Reads the `sessions_room` index (room, closed_at), not every open session's row.
 */
export async function openSessionIdsInRoom(db: Kysely<Database>, roomId: string): Promise<string[]> {
  const { rows } = await openInRoomQuery(db, { roomId });
  return rows.map((row) => row.session_id);
}

/** Ids of one patient's sessions not yet closed, newest first (the `sessions_patient` index). */
export async function openSessionIdsOfPatient(db: Kysely<Database>, patientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('session_id')
    .where('patient_id', '=', patientId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at', 'desc')
    .execute();
  return rows.map((row) => row.session_id);
}

/** Mark a session closed (discharged or ended); its record stays. */
export async function closeSession(db: Kysely<Database>, sessionId: string, closedAt: number): Promise<void> {
  await db.updateTable('sessions').set({ closed_at: closedAt }).where('session_id', '=', sessionId).execute();
}

/**
 * Stores made before kept each session's protocol (some 6 kB of JSON) in its sessions row. Every
 * commit updates that row (`last_seq`), and SQLite rewrites a row whole, its overflow page
 * included: one page more of a reading's ~12 in the write-ahead log, and at 500 open sessions a
 * thousand distinct pages (each row's own and its overflow) for each checkpoint to copy. Moved
 * to `session_protocols` once, in one transaction (a stop midway leaves the store as it was). On
 * PostgreSQL the table is locked only when there is something to move, and the column looked for
 * again under the lock: a second process starting at the same time waits, then finds it gone.
 */
export async function moveSessionProtocols(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (!(await columnsOf(db, 'sessions')).has('protocol_json')) return;
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`lock table sessions in access exclusive mode`.execute(trx);
    if (!(await columnsOf(trx, 'sessions')).has('protocol_json')) return;
    await sql`insert into session_protocols (session_id, protocol_json)
      select session_id, protocol_json from sessions s
      where not exists (select 1 from session_protocols p where p.session_id = s.session_id)`.execute(trx);
    await sql`alter table sessions drop column protocol_json`.execute(trx);
  });
}
