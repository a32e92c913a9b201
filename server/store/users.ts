import { sql, type Kysely, type Selectable } from 'kysely';
import { roleSchema, type Role } from '../../shared/roles';
import type { Database } from './schema';
import { flagColumn } from './columns';

export interface UserRow {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: number;
}

function toUser(row: Selectable<Database['users']>): UserRow {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: roleSchema.parse(row.role),
    passwordHash: row.password_hash,
    disabled: Number(row.disabled) !== 0,
    mustChangePassword: Number(row.must_change_password) !== 0,
    createdAt: Number(row.created_at),
  };
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A person whose username differs from this one only in capitals (or is it): two such accounts would be mistaken for each other. */
export async function findUserByUsernameAnyCase(db: Kysely<Database>, username: string): Promise<UserRow | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserById(db: Kysely<Database>, userId: string): Promise<UserRow | null> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('display_name').orderBy('username').execute();
  return rows.map(toUser);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Admins who can still sign in: the last one may not be disabled or demoted. */
export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Kysely<Database>,
  user: Omit<UserRow, 'disabled' | 'mustChangePassword' | 'createdAt'> & { mustChangePassword?: boolean },
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
      must_change_password: user.mustChangePassword ? 1 : 0,
    })
    .execute();
}

export async function updateUser(
  db: Kysely<Database>,
  userId: string,
  changes: { displayName?: string; role?: Role; disabled?: boolean; passwordHash?: string; mustChangePassword?: boolean },
): Promise<void> {
  await db
    .updateTable('users')
    // Kysely leaves out a column set to undefined: only the changes given are written.
    .set({
      display_name: changes.displayName,
      role: changes.role,
      disabled: flagColumn(changes.disabled),
      password_hash: changes.passwordHash,
      must_change_password: flagColumn(changes.mustChangePassword),
    })
    .where('user_id', '=', userId)
    .execute();
}
