import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { migrateDevices } from './deviceTables';
import { migrateAdmin } from './migrateAdmin';
import { migrateRecord } from './recordTables';
import { migratePatients } from './patients';
import { migrateHandovers } from './handovers';

/**
 * Creates the tables if they are missing. Written with Kysely's schema builder and portable
 * types (text, integer, bigint) so the same migration runs on SQLite and PostgreSQL.
 */
export async function migrate(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('meta')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('users')
    .ifNotExists()
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('auth_sessions')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('remote_address', 'text')
    .execute();
  await db.schema
    .createTable('rooms')
    .ifNotExists()
    .addColumn('room_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sessions')
    .ifNotExists()
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.room_id'))
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('protocol_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_room').ifNotExists().on('sessions').columns(['room_id', 'closed_at']).execute();
  await db.schema
    .createTable('session_events')
    .ifNotExists()
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.session_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('actor_json', 'text', (c) => c.notNull())
    .addColumn('command_id', 'text', (c) => c.notNull().unique())
    .addPrimaryKeyConstraint('session_events_pk', ['session_id', 'seq'])
    .execute();
  await db.schema
    .createTable('audit_log')
    .ifNotExists()
    .addColumn('audit_id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('remote_address', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .execute();
  // Clinic protocols (admin copy-and-edit): every version is kept, keyed by id + version.
  await db.schema
    .createTable('protocols')
    .ifNotExists()
    .addColumn('protocol_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('protocol_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('protocols_pk', ['protocol_id', 'version'])
    .execute();
  await migrateDevices(db);
  await migrateAdmin(db);
  await migrateRecord(db);
  await migratePatients(db);
  await migrateHandovers(db);
  await sql`select 1`.execute(db);
}
