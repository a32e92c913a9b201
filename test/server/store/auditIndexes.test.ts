import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../../server/store/auditQuery';
import type { Store } from '../../../server/store/store';
import { DIALECTS, storesPerTest } from '../../support/stores';

/** The audit log's indexes as the store describes them: name and definition. */
async function auditIndexes(store: Store): Promise<Record<string, string>> {
  const rows =
    store.dialect === 'sqlite'
      ? (
          await sql<{
            name: string;
            definition: string;
          }>`select name, sql as definition from sqlite_master where type = 'index' and tbl_name = 'audit_log' and sql is not null`.execute(
            store.db,
          )
        ).rows
      : (
          await sql<{
            name: string;
            definition: string;
          }>`select indexname as name, indexdef as definition from pg_indexes where tablename = 'audit_log' and indexname <> 'audit_log_pkey'`.execute(
            store.db,
          )
        ).rows;
  return Object.fromEntries(rows.map((row) => [row.name, row.definition.toLowerCase()]));
}

/** A store as made before: the person indexes held every row, the many that name nobody too. */
async function downgrade(store: Store) {
  await sql`drop index audit_log_user_named`.execute(store.db);
  await sql`drop index audit_log_subject_named`.execute(store.db);
  await sql`create index audit_log_user on audit_log (user_id)`.execute(store.db);
  await sql`create index audit_log_subject on audit_log (subject_user_id)`.execute(store.db);
}

async function writeRows(store: Store) {
  await store.db
    .insertInto('audit_log')
    .values([
      { at: 1, user_id: null, action: 'device.reading', session_id: 's-1', remote_address: null, detail_json: '{}' },
      { at: 2, user_id: 'nurse-1', action: 'vitals.record', session_id: 's-1', remote_address: null, detail_json: '{}' },
      {
        at: 3,
        user_id: 'admin-1',
        subject_user_id: 'nurse-1',
        action: 'user.disable',
        session_id: null,
        remote_address: null,
        detail_json: '{}',
      },
      { at: 4, user_id: null, action: 'device.reading', session_id: 's-2', remote_address: null, detail_json: '{}' },
    ] as never)
    .execute();
}

/**
 * Most audit rows name no person (a monitor's every reading is audited): the indexes of who acted
 * and on whom hold only the rows that name one. A store made before gets them replaced when it opens.
 */
describe('the audit log indexes by person only the rows naming one', () => {
  const stores = storesPerTest('auditidx');

  for (const dialect of DIALECTS) {
    it(`${dialect}: an older store's indexes are replaced when it opens, and a person's rows are still found`, async () => {
      const place = await stores.place(dialect);
      const first = await stores.open(place);
      await downgrade(first);
      await writeRows(first);
      expect(Object.keys(await auditIndexes(first))).toEqual(expect.arrayContaining(['audit_log_user', 'audit_log_subject']));
      await first.close();

      const store = await stores.open(place);
      const indexes = await auditIndexes(store);
      expect(Object.keys(indexes)).not.toContain('audit_log_user');
      expect(Object.keys(indexes)).not.toContain('audit_log_subject');
      expect(indexes['audit_log_user_named']).toMatch(/where.*user_id.* is not null/);
      expect(indexes['audit_log_subject_named']).toMatch(/where.*subject_user_id.* is not null/);

      const ofNurse = await queryAudit(store.db, { userId: 'nurse-1', limit: 50 });
      expect(ofNurse.map((row) => row.action).sort()).toEqual(['user.disable', 'vitals.record']);
      expect((await queryAudit(store.db, { sessionId: 's-2', limit: 50 })).map((row) => row.action)).toEqual(['device.reading']);
    });
  }
});
