import type { Kysely } from 'kysely';
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

export async function findAuthSession(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ userId: string; expiresAt: number } | null> {
  const row = await db
    .selectFrom('auth_sessions')
    .select(['user_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { userId: row.user_id, expiresAt: Number(row.expires_at) } : null;
}

export async function deleteAuthSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredAuthSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute();
}
