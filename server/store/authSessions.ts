import type { Kysely } from 'kysely';
import type { SignInSummary } from '../../shared/admin/api';
import type { Database } from './schema';

export async function insertAuthSession(
  db: Kysely<Database>,
  row: { tokenHash: string; userId: string; createdAt: number; expiresAt: number; remoteAddress: string | null },
): Promise<void> {
  await db
    .insertInto('auth_sessions')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      remote_address: row.remoteAddress,
    })
    .execute();
}

export async function findAuthSession(db: Kysely<Database>, tokenHash: string): Promise<{ userId: string; expiresAt: number } | null> {
  const row = await db.selectFrom('auth_sessions').select(['user_id', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? { userId: row.user_id, expiresAt: Number(row.expires_at) } : null;
}

/** Removes one sign-in; answers its user, or null when there was none. */
export async function deleteAuthSession(db: Kysely<Database>, tokenHash: string): Promise<string | null> {
  const row = await db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).returning('user_id').executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends every sign-in of a person (but `keep`, the one changing their own password); answers the ended ones. */
export async function deleteAuthSessionsOfUser(db: Kysely<Database>, userId: string, keep: string | null = null): Promise<string[]> {
  let query = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (keep) query = query.where('token_hash', '<>', keep);
  const rows = await query.returning('token_hash').execute();
  return rows.map((row) => row.token_hash);
}

/** Purges sign-ins that have expired; answers them (for the audit trail). */
export async function deleteExpiredAuthSessions(db: Kysely<Database>, now: number): Promise<{ tokenHash: string; userId: string }[]> {
  const rows = await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).returning(['token_hash', 'user_id']).execute();
  return rows.map((row) => ({ tokenHash: row.token_hash, userId: row.user_id }));
}

/** Sign-ins still valid at `now`, per person. */
export async function listActiveAuthSessions(db: Kysely<Database>, now: number): Promise<Map<string, SignInSummary[]>> {
  const rows = await db.selectFrom('auth_sessions').selectAll().where('expires_at', '>', now).orderBy('created_at').execute();
  const byUser = new Map<string, SignInSummary[]>();
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    list.push({
      signInId: row.token_hash,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      remoteAddress: row.remote_address,
    });
    byUser.set(row.user_id, list);
  }
  return byUser;
}
