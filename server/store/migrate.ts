import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { migrateDevices } from './deviceTables';
import { migrateAdmin } from './migrateAdmin';
import { migrateRecord } from './recordTables';
import { migratePatients } from './patients';
import { migrateHandovers } from './handovers';
import { moveSessionProtocols } from './sessions';
import { createEventLog, createTable, notNull, notNullReferences, primaryKey } from './tableSpecs';

/**
 * Creates the tables if they are missing. Written with Kysely's schema builder and portable
 * types (text, integer, bigint) so the same migration runs on SQLite and PostgreSQL.
 */
export async function migrate(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await createTable(db, 'meta', [
    ['key', 'text', primaryKey],
    ['value', 'text', notNull],
  ]);
  await createTable(db, 'users', [
    ['user_id', 'text', primaryKey],
    ['username', 'text', (c) => c.notNull().unique()],
    ['display_name', 'text', notNull],
    ['role', 'text', notNull],
    ['password_hash', 'text', notNull],
    ['created_at', 'bigint', notNull],
    ['disabled', 'integer', (c) => c.notNull().defaultTo(0)],
  ]);
  await createTable(db, 'auth_sessions', [
    ['token_hash', 'text', primaryKey],
    ['user_id', 'text', notNullReferences('users.user_id')],
    ['created_at', 'bigint', notNull],
    ['expires_at', 'bigint', notNull],
    ['remote_address', 'text'],
  ]);
  await createTable(db, 'rooms', [
    ['room_id', 'text', primaryKey],
    ['name', 'text', notNull],
    ['sort_order', 'integer', notNull],
  ]);
  await createTable(db, 'sessions', [
    ['session_id', 'text', primaryKey],
    ['room_id', 'text', notNullReferences('rooms.room_id')],
    ['opened_at', 'bigint', notNull],
    ['closed_at', 'bigint'],
    ['last_seq', 'integer', notNull],
  ]);
  await createTable(db, 'session_protocols', [
    ['session_id', 'text', (c) => c.primaryKey().references('sessions.session_id')],
    ['protocol_json', 'text', notNull],
  ]);
  await db.schema.createIndex('sessions_room').ifNotExists().on('sessions').columns(['room_id', 'closed_at']).execute();
  await createEventLog(db, 'session_events', { column: 'session_id', references: 'sessions.session_id' }, ['observed_at', 'recorded_at']);
  await createTable(db, 'audit_log', [
    dialect === 'postgres' ? ['audit_id', 'bigserial', primaryKey] : ['audit_id', 'integer', (c) => c.primaryKey().autoIncrement()],
    ['at', 'bigint', notNull],
    ['user_id', 'text'],
    ['action', 'text', notNull],
    ['session_id', 'text'],
    ['remote_address', 'text'],
    ['detail_json', 'text', notNull],
  ]);
  // Clinic protocols (admin copy-and-edit): every version is kept, keyed by id + version.
  await createTable(
    db,
    'protocols',
    [
      ['protocol_id', 'text', notNull],
      ['version', 'integer', notNull],
      ['protocol_json', 'text', notNull],
      ['created_at', 'bigint', notNull],
      ['created_by', 'text'],
    ],
    { name: 'protocols_pk', columns: ['protocol_id', 'version'] },
  );
  await migrateDevices(db);
  await migrateAdmin(db);
  await migrateRecord(db);
  await moveSessionProtocols(db, dialect);
  await migratePatients(db);
  await migrateHandovers(db);
  await sql`select 1`.execute(db);
}
