import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  sessionId: string | null;
  remoteAddress: string | null;
  detail: Record<string, unknown>;
}

/** Every write and every view of a session is recorded with who, when and from where. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
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

/**
 * Audit of a command that is already committed: a failure here (a full disk, say) must not turn
 * the acknowledgement into "nothing was saved" — the entry IS stored. The failure is logged
 * loudly instead, for the clinic's IT person.
 */
export async function writeAuditAfterCommit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  try {
    await writeAudit(db, entry);
  } catch (error) {
    console.error(`[vigil] audit entry not written (${entry.action}, session ${entry.sessionId ?? '-'}):`, error);
  }
}
