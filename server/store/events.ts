import { sql, type Kysely, type Transaction } from 'kysely';
import { sessionEventSchema, type NewSessionEvent, type SessionEvent } from '../../shared/session/events';
import { auditEntryOf, writeAudit, type AuditIntent } from './audit';
import { preparedQuery } from './preparedQuery';
import type { RowLock } from './rowLocks';
import type { Database } from './schema';
import { StaleCopyError } from './errors';

type Row = Database['session_events'];

function rowToEvent(row: Row): SessionEvent {
  const candidate = {
    sessionId: row.session_id,
    seq: Number(row.seq),
    type: row.type,
    payload: JSON.parse(row.payload_json) as unknown,
    observedAt: Number(row.observed_at),
    recordedAt: Number(row.recorded_at),
    actor: JSON.parse(row.actor_json) as unknown,
    commandId: row.command_id,
  };
  // What is read back is checked too: a row that no longer fits its schema is a bug to surface, not to show.
  return sessionEventSchema.parse(candidate);
}

/**
 * The highest seq each session was given by appends through one store (keyed by the dialect's
 * adapter, which a Kysely instance shares with its transactions): noted when the seq is taken,
 * before the commit, so a copy that holds less knows something may be newer (a rolled-back
 * append only costs its readers one read that finds nothing).
 */
const seqsTaken = new WeakMap<object, Map<string, number>>();

function noteSeqTaken(db: Kysely<Database> | Transaction<Database>, sessionId: string, lastSeq: number): void {
  const adapter = db.getExecutor().adapter;
  let taken = seqsTaken.get(adapter);
  if (!taken) seqsTaken.set(adapter, (taken = new Map()));
  taken.set(sessionId, Math.max(taken.get(sessionId) ?? 0, lastSeq));
}

/** The highest seq an append through this store (any session service of this process) took for the session; 0 if none. */
export function lastSeqTaken(db: Kysely<Database>, sessionId: string): number {
  return seqsTaken.get(db.getExecutor().adapter)?.get(sessionId) ?? 0;
}

export interface AppendResult {
  event: SessionEvent;
  /** True when this command id was already stored: the stored event is returned unchanged. */
  duplicate: boolean;
}

/** Events of one session after `afterSeq`, in order, at most `limit`. */
export async function readSessionEvents(
  db: Kysely<Database> | Transaction<Database>,
  sessionId: string,
  afterSeq = 0,
  limit = 100_000,
): Promise<SessionEvent[]> {
  const { rows } = await eventsAfterQuery(db, { sessionId, afterSeq, limit });
  return rows.map(rowToEvent);
}

// The queries every reading runs (the command's, the alarm and readiness passes'), compiled once.
const eventsAfterQuery = preparedQuery<{ sessionId: string; afterSeq: number; limit: number }, Row>(
  ['sessionId', 'afterSeq', 'limit'],
  (db, p) =>
    db
      .selectFrom('session_events')
      .selectAll()
      .where('session_id', '=', p.sessionId)
      .where('seq', '>', p.afterSeq)
      .orderBy('seq')
      .limit(p.limit),
);
const byCommandIdQuery = preparedQuery<{ commandId: string }, Row>(['commandId'], (db, p) =>
  db.selectFrom('session_events').selectAll().where('command_id', '=', p.commandId),
);
/**
 * Takes the session's next seqs and its record's time in one statement: `last_recorded_at` only
 * moves forward, so the events being stored get the later of the caller's clock and the last
 * commit's time (another process's clock, or a restart after a clock step, may be behind it).
 * The row is locked by the update (PostgreSQL) or the writer is held (SQLite): correct across processes.
 */
type TakeSeqs = { sessionId: string; count: number; recordedAt: number; recordedAtFloor: number };
type Db = Kysely<Database> | Transaction<Database>;

/** The session row's update that takes `count` seqs and moves its record's time forward only. */
function takeSeqsUpdate(db: Db, p: TakeSeqs) {
  return db
    .updateTable('sessions')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', p.count),
      last_recorded_at: eb
        .case()
        .when('last_recorded_at', '>', p.recordedAtFloor)
        .then(eb.ref('last_recorded_at'))
        .else(p.recordedAt)
        .end(),
    }))
    .where('session_id', '=', p.sessionId);
}

const takeSeqsQuery = preparedQuery<TakeSeqs, { last_seq: number; last_recorded_at: number | null }>(
  ['sessionId', 'count', 'recordedAt', 'recordedAtFloor'],
  (db, p) => takeSeqsUpdate(db, p).returning(['last_seq', 'last_recorded_at']),
);
/**
 * `takeSeqsQuery` for one event whose command id is not yet known to be new: takes its seq only
 * if no event holds that id, in the same statement (one round trip fewer per command on
 * PostgreSQL). No row back: the id is stored already, or the session does not exist.
 */
const takeSeqIfNewQuery = preparedQuery<TakeSeqs & { commandId: string }, { last_seq: number; last_recorded_at: number | null }>(
  ['sessionId', 'count', 'recordedAt', 'recordedAtFloor', 'commandId'],
  (db, p) =>
    takeSeqsUpdate(db, p)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('session_events').select('seq').where('command_id', '=', p.commandId))))
      .returning(['last_seq', 'last_recorded_at']),
);
type EventRowValues = { [K in keyof Row]: Row[K] };
const EVENT_COLUMNS = ['session_id', 'seq', 'type', 'payload_json', 'observed_at', 'recorded_at', 'actor_json', 'command_id'] as const;
const insertEventQuery = preparedQuery<EventRowValues, never>(EVENT_COLUMNS, (db, p) => db.insertInto('session_events').values(p));

/** The stored event of a command id, if that command was already applied. */
export async function findByCommandId(db: Kysely<Database> | Transaction<Database>, commandId: string): Promise<SessionEvent | null> {
  const [row] = (await byCommandIdQuery(db, { commandId })).rows;
  return row ? rowToEvent(row) : null;
}

/**
 * Writes that must commit with a command's events (a device's last-message time): run inside the
 * events' transaction, after them, whether the events were new or already stored. `locks` names
 * what they write that another process may write too (groupCommit.ts `run`).
 */
export interface CommitsWith {
  locks: readonly RowLock[];
  write(trx: Transaction<Database>): Promise<void>;
}

/** See `appendSessionEvents`. */
export interface AppendOptions {
  commandIdsNew?: boolean;
  expectedLastSeq?: number;
}

/**
 * Append events to a session's log in one transaction, giving each the next sequence number.
 * Idempotent by command id: if the first draft's command id is stored already, nothing is
 * written and the stored events of that command are returned with `duplicate: true`. The
 * audit row, when given, is written in the same transaction, and so is `commitsWith`. Given a
 * transaction (a batch of the group commit), it writes there; given the store, in its own.
 * `commandIdsNew`: the caller has proved the ids new (`DecideOptions` in sessionService.ts); they
 * are not looked up, and a copy stored meanwhile fails the insert (unique command id) instead.
 * `expectedLastSeq`: the drafts were decided on the session as it stood at that seq; if anything
 * was stored after it, nothing is written and `StaleCopyError` is thrown (a stored copy of the
 * command is still returned as a duplicate).
 */
export async function appendSessionEvents(
  db: Kysely<Database> | Transaction<Database>,
  sessionId: string,
  drafts: NewSessionEvent[],
  recordedAt: number,
  audit: AuditIntent | null = null,
  commitsWith: CommitsWith | null = null,
  options: AppendOptions = {},
): Promise<{ events: SessionEvent[]; duplicate: boolean }> {
  const append = async (trx: Transaction<Database>) => {
    const result = await appendIn(trx, sessionId, drafts, recordedAt, audit, options);
    if (commitsWith) await commitsWith.write(trx);
    return result;
  };
  return db.isTransaction ? append(db as Transaction<Database>) : db.transaction().execute(append);
}

async function appendIn(
  trx: Transaction<Database>,
  sessionId: string,
  drafts: NewSessionEvent[],
  recordedAt: number,
  audit: AuditIntent | null,
  { commandIdsNew = false, expectedLastSeq }: AppendOptions,
): Promise<{ events: SessionEvent[]; duplicate: boolean }> {
  const first = drafts[0];
  if (!first) return { events: [], duplicate: false };
  // A command stores one event: its id is looked up by the statement that takes its seq. A
  // reactor pass may store several: looked up first.
  const lookUpOne = !commandIdsNew && drafts.length === 1;
  const existing =
    commandIdsNew || lookUpOne
      ? []
      : await trx
          .selectFrom('session_events')
          .selectAll()
          .where(
            'command_id',
            'in',
            drafts.map((d) => d.commandId),
          )
          .orderBy('seq')
          .execute();
  if (existing.length > 0) return { events: existing.map(rowToEvent), duplicate: true };

  const seqs = { sessionId, count: drafts.length, recordedAt, recordedAtFloor: recordedAt };
  const [updated] = (lookUpOne ? await takeSeqIfNewQuery(trx, { ...seqs, commandId: first.commandId }) : await takeSeqsQuery(trx, seqs))
    .rows;
  if (!updated) {
    const stored = lookUpOne ? (await byCommandIdQuery(trx, { commandId: first.commandId })).rows : [];
    if (stored.length > 0) return { events: stored.map(rowToEvent), duplicate: true };
    throw new Error(`Session ${sessionId} does not exist`);
  }
  const firstSeq = Number(updated.last_seq) - drafts.length + 1;
  // Thrown inside the command's savepoint (or its lone transaction): the seq it took is given back.
  if (expectedLastSeq !== undefined && firstSeq - 1 !== expectedLastSeq) throw new StaleCopyError(sessionId, expectedLastSeq, firstSeq - 1);
  noteSeqTaken(trx, sessionId, Number(updated.last_seq));
  // A session's record never goes back in time: the later of this clock and the last commit's (takeSeqsQuery).
  const committedAt = Math.max(recordedAt, Number(updated.last_recorded_at ?? 0));
  // Checked as it will be read back (rowToEvent): an event the log could not return — a caller
  // in this process that skipped the contract's checks — is refused here, with its whole batch,
  // instead of making the session's record unreadable.
  const events = drafts.map((draft, index) =>
    sessionEventSchema.parse({ ...draft, sessionId, seq: firstSeq + index, recordedAt: committedAt }),
  );
  for (const event of events) {
    await insertEventQuery(trx, {
      session_id: sessionId,
      seq: event.seq,
      type: event.type,
      payload_json: JSON.stringify(event.payload),
      observed_at: event.observedAt,
      recorded_at: event.recordedAt,
      actor_json: JSON.stringify(event.actor),
      command_id: event.commandId,
    });
  }
  // A session leaves its room's open list in its closing event's transaction, so the running-session
  // read (an index on room and closed_at) agrees at once on every process sharing the store.
  const closing = events.find((event) => event.type === 'session.discharged' || event.type === 'session.endedEarly');
  if (closing) {
    await trx
      .updateTable('sessions')
      .set({ closed_at: closing.observedAt })
      .where('session_id', '=', sessionId)
      .where('closed_at', 'is', null)
      .execute();
  }
  // One audit row per append (a command stores one event, a reactor pass may store several);
  // it commits with them or not at all.
  const [described] = events;
  if (audit && described) await writeAudit(trx, auditEntryOf(audit, described, firstSeq + events.length - 1));
  return { events, duplicate: false };
}

/** The newest time anything was stored: a restarted clock never starts before it. */
export async function latestRecordedAt(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('session_events')
    .select(sql<number>`max(recorded_at)`.as('latest'))
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}
