import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { SessionEvent } from '../../shared/session/events';
import { auditRowHash, type ChainedFields } from './auditChain';
import { storeFailureCode, StoreUnavailableError } from './errors';
import { preparedQuery } from './preparedQuery';
import type { Database } from './schema';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  sessionId: string | null;
  /** The room an admin change or a device event concerns; session rows find theirs through the session. */
  roomId?: string | null;
  /** The person a change or sign-in concerns, when it is not the actor (an admin disabling a nurse). */
  subjectUserId?: string | null;
  remoteAddress: string | null;
  detail: Record<string, unknown>;
}

/**
 * What the audit row of a session event will say, known before the event is stored: the
 * store fills in the time, the session and the seq inside the transaction that stores the
 * event, so both are stored or neither is.
 */
export interface AuditIntent {
  action: string;
  userId: string | null;
  remoteAddress: string | null;
  detail(event: SessionEvent): Record<string, unknown>;
}

/** The audit row of stored session events (one command's, or one reactor pass's): the first, and the last seq when several. */
export function auditEntryOf(intent: AuditIntent, event: SessionEvent, lastSeq = event.seq): AuditEntry {
  return {
    at: event.recordedAt,
    userId: intent.userId,
    action: intent.action,
    sessionId: event.sessionId,
    remoteAddress: intent.remoteAddress,
    detail: { ...intent.detail(event), seq: event.seq, ...(lastSeq > event.seq ? { lastSeq } : {}) },
  };
}

/** Raised when the audit row cannot be written: the change it describes is rolled back with it. */
export class AuditWriteError extends StoreUnavailableError {
  constructor(cause: unknown) {
    super('The audit trail could not be written', cause, 'AUDIT_UNAVAILABLE');
    this.name = 'AuditWriteError';
  }
}

/** One chained audit row as inserted. */
type AuditRowValues = {
  audit_id: number;
  at: number;
  user_id: string | null;
  action: string;
  session_id: string | null;
  room_id: string | null;
  subject_user_id: string | null;
  remote_address: string | null;
  detail_json: string;
  prev_hash: string;
  row_hash: string;
};

/** The columns of one chained audit row. */
function auditRowValues(row: ChainedFields, prevHash: string, rowHash: string): AuditRowValues {
  return {
    audit_id: row.auditId,
    at: row.at,
    user_id: row.userId,
    action: row.action,
    session_id: row.sessionId,
    room_id: row.roomId,
    subject_user_id: row.subjectUserId,
    remote_address: row.remoteAddress,
    detail_json: row.detailJson,
    prev_hash: prevHash,
    row_hash: rowHash,
  };
}

/** Rows in one INSERT at most (11 columns each: well inside SQLite's limit on bound values). */
const ROWS_PER_INSERT = 500;

// Every command's batch runs these: compiled once (building them with Kysely each time cost
// a reading more than SQLite takes to run them). The SQL is the same as Kysely builds each time.
const takeAuditIdsQuery = preparedQuery<{ count: number }, { last_audit_id: number; last_hash: string }>(['count'], (db, p) =>
  db
    .updateTable('audit_chain')
    .set({ last_audit_id: sql`last_audit_id + ${p.count}` })
    .where('chain_id', '=', 1)
    .returning(['last_audit_id', 'last_hash']),
);
const AUDIT_COLUMNS = [
  'audit_id',
  'at',
  'user_id',
  'action',
  'session_id',
  'room_id',
  'subject_user_id',
  'remote_address',
  'detail_json',
  'prev_hash',
  'row_hash',
] as const;
const insertAuditRowQuery = preparedQuery<AuditRowValues, never>(AUDIT_COLUMNS, (db, p) => db.insertInto('audit_log').values(p as never));
const setHeadHashQuery = preparedQuery<{ lastHash: string }, never>(['lastHash'], (db, p) =>
  db.updateTable('audit_chain').set({ last_hash: p.lastHash }).where('chain_id', '=', 1),
);
/** PostgreSQL: the one row and the head's new hash in one statement (a data-modifying WITH, which SQLite has not). */
const insertAuditRowAndHeadQuery = preparedQuery<AuditRowValues & { lastHash: string }, never>([...AUDIT_COLUMNS, 'lastHash'], (db, p) => {
  const { lastHash, ...row } = p;
  return db
    .with('inserted', (qc) => qc.insertInto('audit_log').values(row as never))
    .updateTable('audit_chain')
    .set({ last_hash: lastHash })
    .where('chain_id', '=', 1);
});

/**
 * Links `entries` into the chain, in order, inside `trx`. The head row is updated first: on
 * PostgreSQL that UPDATE locks it until commit, so concurrent transactions (on any process)
 * queue here and the chain never forks; SQLite's write lock does the same.
 */
async function appendChained(trx: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = (await takeAuditIdsQuery(trx, { count: entries.length })).rows;
  if (!head) throw new Error('The audit chain has no head row');
  let prevHash = head.last_hash;
  let auditId = Number(head.last_audit_id) - entries.length;
  const values = entries.map((entry) => {
    auditId += 1;
    const row: ChainedFields = {
      auditId,
      at: entry.at,
      userId: entry.userId,
      action: entry.action,
      sessionId: entry.sessionId,
      roomId: entry.roomId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      remoteAddress: entry.remoteAddress,
      detailJson: JSON.stringify(entry.detail),
    };
    const rowHash = auditRowHash(prevHash, row);
    const value = auditRowValues(row, prevHash, rowHash);
    prevHash = rowHash;
    return value;
  });
  // PostgreSQL writes the head's new hash in the statement of the (last) rows: one round trip fewer per batch.
  const withHead = trx.getExecutor().adapter instanceof PostgresAdapter;
  for (let from = 0; from < values.length; from += ROWS_PER_INSERT) {
    const last = from + ROWS_PER_INSERT >= values.length;
    await insertRows(trx, values.slice(from, from + ROWS_PER_INSERT), withHead && last ? prevHash : null);
  }
  if (!withHead) await setHeadHashQuery(trx, { lastHash: prevHash });
}

/**
 * Audit rows in one statement: one row (a batch of one command, the usual case) by the compiled
 * statement, several as built. With `headHash` (PostgreSQL), the chain head's new hash is set in
 * the same statement (a data-modifying WITH, which SQLite has not).
 */
async function insertRows(trx: Kysely<Database>, rows: AuditRowValues[], headHash: string | null): Promise<void> {
  const [only] = rows;
  if (rows.length === 1 && only) {
    if (headHash === null) await insertAuditRowQuery(trx, only);
    else await insertAuditRowAndHeadQuery(trx, { ...only, lastHash: headHash });
    return;
  }
  if (headHash === null) await trx.insertInto('audit_log').values(rows).execute();
  else
    await trx
      .with('inserted', (qc) => qc.insertInto('audit_log').values(rows))
      .updateTable('audit_chain')
      .set({ last_hash: headHash })
      .where('chain_id', '=', 1)
      .execute();
}

/** A store failure (a full disk, a read-only folder) is what it is; anything else that stops an audit row refuses the change with it. */
function auditFailure(error: unknown): unknown {
  return storeFailureCode(error) ? error : new AuditWriteError(error);
}

/** The audit rows written so far in a group commit's transaction, keyed by that transaction. */
const rowsOfBatch = new WeakMap<Transaction<Database>, AuditEntry[]>();

/** The audit rows of one group-commit batch, chained together when the batch ends. */
export interface BatchAuditRows {
  /** Rows written so far: a command's savepoint notes it, and drops the command's rows if it is undone. */
  readonly count: number;
  dropFrom(count: number): void;
  /** Links every row into the chain, in the order written, just before the batch commits. */
  chain(): Promise<void>;
}

/**
 * Audit rows written in `trx` (a group commit's transaction) wait until the batch's work is
 * done and are chained together at its end, in the order written: one head update and one
 * insert for the batch instead of three statements per command. The rows still commit in the
 * same transaction as the changes they describe.
 */
export function collectAuditRows(trx: Transaction<Database>): BatchAuditRows {
  const rows: AuditEntry[] = [];
  rowsOfBatch.set(trx, rows);
  return {
    get count() {
      return rows.length;
    },
    dropFrom(count) {
      rows.length = Math.min(rows.length, count);
    },
    async chain() {
      rowsOfBatch.delete(trx);
      try {
        await appendChained(trx, rows);
      } catch (error) {
        throw auditFailure(error);
      }
    },
  };
}

/**
 * The one place an audit row is written, on its own or inside the transaction of the change it
 * describes. Every write and every view of a session is recorded with who, when and from where.
 * Each row is linked into the hash chain (`server/store/auditChain.ts`): at once, or, inside a
 * group commit, with the rest of its batch just before the batch commits (`collectAuditRows`).
 * The chain's head is the last lock every transaction takes: a transaction of its own (an admin
 * change) writes the rows a batch may also write (a session, a device, a handover) before its
 * first audit row, never after, or it can deadlock with a batch of another process (rowLocks.ts).
 */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  const batch = db.isTransaction ? rowsOfBatch.get(db as Transaction<Database>) : undefined;
  if (batch) {
    batch.push(entry);
    return;
  }
  try {
    if (db.isTransaction) return await appendChained(db, [entry]);
    return await db.transaction().execute((trx) => appendChained(trx, [entry]));
  } catch (error) {
    throw auditFailure(error);
  }
}

export { readAudit } from './auditQuery';
