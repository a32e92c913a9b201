import { sql, type Kysely, type Transaction } from 'kysely';
import type { SessionEvent } from '../../shared/session/events';
import { auditRowHash, type ChainedFields } from './auditChain';
import { storeFailureCode, StoreUnavailableError } from './errors';
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

async function appendChained(trx: Kysely<Database>, entry: AuditEntry): Promise<number> {
  // The head row first: on PostgreSQL this UPDATE locks it until commit, so concurrent
  // transactions (on any process) queue here and the chain never forks; SQLite's write lock
  // does the same.
  const head = await trx
    .updateTable('audit_chain')
    .set({ last_audit_id: sql`last_audit_id + 1` })
    .where('chain_id', '=', 1)
    .returning(['last_audit_id', 'last_hash'])
    .executeTakeFirstOrThrow();
  const row: ChainedFields = {
    auditId: Number(head.last_audit_id),
    at: entry.at,
    userId: entry.userId,
    action: entry.action,
    sessionId: entry.sessionId,
    roomId: entry.roomId ?? null,
    subjectUserId: entry.subjectUserId ?? null,
    remoteAddress: entry.remoteAddress,
    detailJson: JSON.stringify(entry.detail),
  };
  const hash = auditRowHash(head.last_hash, row);
  await trx
    .insertInto('audit_log')
    .values({
      audit_id: row.auditId,
      at: row.at,
      user_id: row.userId,
      action: row.action,
      session_id: row.sessionId,
      room_id: row.roomId,
      subject_user_id: row.subjectUserId,
      remote_address: row.remoteAddress,
      detail_json: row.detailJson,
      prev_hash: head.last_hash,
      row_hash: hash,
    } as never)
    .execute();
  await trx.updateTable('audit_chain').set({ last_hash: hash }).where('chain_id', '=', 1).execute();
  return row.auditId;
}

/**
 * The one place an audit row is inserted, on its own or inside the transaction of the change
 * it describes. Every write and every view of a session is recorded with who, when and from
 * where. Each row is linked into the hash chain (`server/store/auditChain.ts`); returns its id.
 */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<number> {
  try {
    if (db.isTransaction) return await appendChained(db, entry);
    return await db.transaction().execute((trx) => appendChained(trx, entry));
  } catch (error) {
    // A store failure (a full disk, a read-only folder) is reported as what it is; anything
    // else that stops the audit row (a constraint, a broken table) refuses the change with it.
    if (storeFailureCode(error)) throw error;
    throw new AuditWriteError(error);
  }
}

export { readAudit } from './auditQuery';
