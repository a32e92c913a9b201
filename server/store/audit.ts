import type { Kysely, Transaction } from 'kysely';
import type { SessionEvent } from '../../shared/session/events';
import { storeFailureCode, StoreUnavailableError } from './errors';
import type { Database } from './schema';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  sessionId: string | null;
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

/**
 * The one place an audit row is inserted, on its own or inside the transaction of the change
 * it describes. Every write and every view of a session is recorded with who, when and from where.
 */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  try {
    await db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        user_id: entry.userId,
        action: entry.action,
        session_id: entry.sessionId,
        remote_address: entry.remoteAddress,
        detail_json: JSON.stringify(entry.detail),
      })
      .execute();
  } catch (error) {
    // A store failure (a full disk, a read-only folder) is reported as what it is; anything
    // else that stops the audit row (a constraint, a broken table) refuses the change with it.
    if (storeFailureCode(error)) throw error;
    throw new AuditWriteError(error);
  }
}

export async function readAudit(db: Kysely<Database>, sessionId?: string): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('audit_id');
  if (sessionId) query = query.where('session_id', '=', sessionId);
  const rows = await query.execute();
  return rows.map((r) => ({
    at: Number(r.at),
    userId: r.user_id,
    action: r.action,
    sessionId: r.session_id,
    remoteAddress: r.remote_address,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
  }));
}
