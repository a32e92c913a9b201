import type { Kysely } from 'kysely';
import { backfillAuditChain, GENESIS_HASH } from './auditChain';
import type { Database } from './schema';
import { addMissingColumns, createTable, notNull, primaryKey } from './tableSpecs';

/**
 * Clinic administration's columns and the audit chain, added to stores made before they
 * existed (ALTER TABLE ... ADD COLUMN, portable to SQLite and PostgreSQL). Audit rows written
 * before the chain existed are chained once, in id order, so `audit-verify` covers them too.
 */
export async function migrateAdmin(db: Kysely<Database>): Promise<void> {
  await addMissingColumns(db, 'users', [['must_change_password', 'integer', (c) => c.notNull().defaultTo(0)]]);
  await addMissingColumns(db, 'rooms', [['retired_at', 'bigint']]);
  await addMissingColumns(db, 'audit_log', [
    ['room_id', 'text'],
    ['subject_user_id', 'text'],
    ['prev_hash', 'text'],
    ['row_hash', 'text'],
  ]);
  await createTable(db, 'audit_chain', [
    ['chain_id', 'integer', primaryKey],
    ['last_audit_id', 'bigint', notNull],
    ['last_hash', 'text', notNull],
  ]);
  await db
    .insertInto('audit_chain')
    .values({ chain_id: 1, last_audit_id: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain_id').doNothing())
    .execute();
  for (const [name, column] of [
    ['audit_log_session', 'session_id'],
    ['audit_log_at', 'at'],
  ] as const) {
    await db.schema.createIndex(name).ifNotExists().on('audit_log').column(column).execute();
  }
  // Who acted, and on whom: most rows name neither (a monitor's every reading is audited), so
  // these index only the rows that do. Indexing the nulls too wrote two more pages at every
  // reading's commit (6.5 pages a row against 4.4). A lookup by person (`column = ?`) uses them.
  for (const [name, column, replaces] of [
    ['audit_log_user_named', 'user_id', 'audit_log_user'],
    ['audit_log_subject_named', 'subject_user_id', 'audit_log_subject'],
  ] as const) {
    await db.schema.dropIndex(replaces).ifExists().execute();
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on('audit_log')
      .column(column)
      .where((eb) => eb(column, 'is not', null))
      .execute();
  }
  await backfillAuditChain(db);
}
