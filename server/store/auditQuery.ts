import type { Kysely } from 'kysely';
import type { AuditQuery, AuditRow } from '../../shared/admin/api';
import type { AuditEntry } from './audit';
import type { StoredAuditRow } from './auditChain';
import type { Database } from './schema';

function toAuditRow(row: StoredAuditRow & { username: string | null }): AuditRow {
  return {
    auditId: Number(row.audit_id),
    at: Number(row.at),
    userId: row.user_id,
    username: row.username,
    action: row.action,
    sessionId: row.session_id,
    roomId: row.room_id,
    subjectUserId: row.subject_user_id,
    remoteAddress: row.remote_address,
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
  };
}

/** Audit rows matching the filters, newest first; a room matches its own rows and its sessions' rows. */
export async function queryAudit(db: Kysely<Database>, query: AuditQuery & { order?: 'newest' | 'oldest' }): Promise<AuditRow[]> {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.user_id', 'audit_log.user_id')
    .selectAll('audit_log')
    .select('users.username as username');
  const person = query.userId;
  if (person) q = q.where((eb) => eb.or([eb('audit_log.user_id', '=', person), eb('audit_log.subject_user_id', '=', person)]));
  if (query.sessionId) q = q.where('audit_log.session_id', '=', query.sessionId);
  if (query.action) q = q.where('audit_log.action', '=', query.action);
  if (query.from !== undefined) q = q.where('audit_log.at', '>=', query.from);
  if (query.to !== undefined) q = q.where('audit_log.at', '<=', query.to);
  if (query.before !== undefined) q = q.where('audit_log.audit_id', '<', query.before);
  const roomId = query.roomId;
  if (roomId) {
    q = q.where((eb) =>
      eb.or([
        eb('audit_log.room_id', '=', roomId),
        eb('audit_log.session_id', 'in', eb.selectFrom('sessions').select('sessions.session_id').where('sessions.room_id', '=', roomId)),
      ]),
    );
  }
  q = q.orderBy('audit_log.audit_id', query.order === 'oldest' ? 'asc' : 'desc');
  if (query.limit !== undefined) q = q.limit(query.limit);
  const rows = await q.execute();
  return rows.map((row) => toAuditRow(row as StoredAuditRow & { username: string | null }));
}

/** A session's audit rows, oldest first (tests and the record's own history). */
export async function readAudit(db: Kysely<Database>, sessionId?: string): Promise<AuditEntry[]> {
  const rows = await queryAudit(db, { sessionId, order: 'oldest' });
  return rows.map((r) => ({
    at: r.at,
    userId: r.userId,
    action: r.action,
    sessionId: r.sessionId,
    roomId: r.roomId,
    subjectUserId: r.subjectUserId,
    remoteAddress: r.remoteAddress,
    detail: r.detail,
  }));
}
