import type { Kysely } from 'kysely';
import { backfillAuditChain, GENESIS_HASH } from './auditChain';
import type { Database } from './schema';

async function addMissingColumns(
  db: Kysely<Database>,
  table: 'users' | 'rooms' | 'audit_log',
  columns: { name: string; type: 'text' | 'bigint' | 'integer'; notNullDefault?: number }[],
): Promise<void> {
  const tables = await db.introspection.getTables();
  const existing = new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
  for (const column of columns) {
    if (existing.has(column.name)) continue;
    await db.schema
      .alterTable(table)
      .addColumn(column.name, column.type, (c) => (column.notNullDefault === undefined ? c : c.notNull().defaultTo(column.notNullDefault)))
      .execute();
  }
}

/**
 * Clinic administration's columns and the audit chain, added to stores made before they
 * existed (ALTER TABLE ... ADD COLUMN, portable to SQLite and PostgreSQL). Audit rows written
 * before the chain existed are chained once, in id order, so `audit-verify` covers them too.
 */
export async function migrateAdmin(db: Kysely<Database>): Promise<void> {
  await addMissingColumns(db, 'users', [{ name: 'must_change_password', type: 'integer', notNullDefault: 0 }]);
  await addMissingColumns(db, 'rooms', [{ name: 'retired_at', type: 'bigint' }]);
  await addMissingColumns(db, 'audit_log', [
    { name: 'room_id', type: 'text' },
    { name: 'subject_user_id', type: 'text' },
    { name: 'prev_hash', type: 'text' },
    { name: 'row_hash', type: 'text' },
  ]);
  await db.schema
    .createTable('audit_chain')
    .ifNotExists()
    .addColumn('chain_id', 'integer', (c) => c.primaryKey())
    .addColumn('last_audit_id', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_chain')
    .values({ chain_id: 1, last_audit_id: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain_id').doNothing())
    .execute();
  for (const [name, column] of [
    ['audit_log_user', 'user_id'],
    ['audit_log_subject', 'subject_user_id'],
    ['audit_log_session', 'session_id'],
    ['audit_log_at', 'at'],
  ] as const) {
    await db.schema.createIndex(name).ifNotExists().on('audit_log').column(column).execute();
  }
  await backfillAuditChain(db);
}
