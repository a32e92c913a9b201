import type { Kysely } from 'kysely';
import { roleSchema, type Role } from '../../shared/roles';
import type { Database } from './schema';

export interface UserRow {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

function toUser(row: Database['users']): UserRow {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: roleSchema.parse(row.role),
    passwordHash: row.password_hash,
    disabled: Number(row.disabled) !== 0,
  };
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserById(db: Kysely<Database>, userId: string): Promise<UserRow | null> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Kysely<Database>,
  user: Omit<UserRow, 'disabled'>,
  createdAt: number,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      user_id: user.userId,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      created_at: createdAt,
      disabled: 0,
    })
    .execute();
}
