import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store';
import { writeAudit } from '../../../server/store/audit';
import { queryAudit } from '../../../server/store/auditQuery';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { DIALECTS, storesPerTest } from '../../support/stores';

/** The writes of one command: a row in `meta` (its key is unique, so a repeat fails on the constraint). */
const put = (store: Store, key: string) => store.commits.run((trx) => trx.insertInto('meta').values({ key, value: key }).execute());

/** A command that writes a row, then fails on the unique key: its first row must be undone with it. */
const failAfterWriting = (store: Store, key: string, takenKey: string) =>
  store.commits.run(async (trx) => {
    await trx.insertInto('meta').values({ key, value: key }).execute();
    await trx.insertInto('meta').values({ key: takenKey, value: 'again' }).execute();
  });

const keysIn = async (store: Store, prefix: string) =>
  (await store.db.selectFrom('meta').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()).map((row) => row.key);

describe('group commit', () => {
  const stores = storesPerTest('group');

  for (const dialect of DIALECTS) {
    it(`${dialect}: commands of one tick share one transaction; a failing one is undone alone; all are there after reopening`, async () => {
      const place = await stores.place(dialect);
      let store = await stores.open(place);
      await put(store, 'g-taken');
      const before = store.commits.stats();

      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, index) => put(store, `g-${String(index).padStart(2, '0')}`)),
        failAfterWriting(store, 'g-partial', 'g-taken'),
        ...Array.from({ length: 20 }, (_, index) => put(store, `g-${String(index + 20).padStart(2, '0')}`)),
        // The same command twice in one batch: the second fails on the key, the first is kept.
        put(store, 'g-twice'),
        put(store, 'g-twice'),
      ]);

      const after = store.commits.stats();
      expect(after.commands - before.commands).toBe(43);
      expect(after.batches - before.batches).toBe(1);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(2);
      expect(outcomes[20]).toMatchObject({ status: 'rejected' });
      expect(outcomes[41]).toMatchObject({ status: 'fulfilled' });
      expect(outcomes[42]).toMatchObject({ status: 'rejected' });
      const expected = [...Array.from({ length: 40 }, (_, index) => `g-${String(index).padStart(2, '0')}`), 'g-taken', 'g-twice'].sort();
      expect(await keysIn(store, 'g-')).toEqual(expected);

      await store.close();
      store = await stores.open(place);
      expect(await keysIn(store, 'g-')).toEqual(expected);
    });
  }

  it('postgres: 150 commands of one tick commit in batches of at most 64 (a savepoint each: more overflow the backend’s subtransaction cache), every one stored', async () => {
    const store = await stores.open('postgres');
    const before = store.commits.stats();
    const keys = Array.from({ length: 150 }, (_, index) => `b-${String(index).padStart(3, '0')}`);
    await Promise.all(keys.map((key) => put(store, key)));
    const after = store.commits.stats();
    expect(after.commands - before.commands).toBe(150);
    // 64 + 64 + 22: all 150 were queued before the first batch was taken.
    expect(after.batches - before.batches).toBe(3);
    expect(await keysIn(store, 'b-')).toEqual(keys);
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: a batch's audit rows are chained in the order written; an undone command leaves no audit row`, async () => {
      const store = await stores.open(dialect);
      await put(store, 'a-taken');
      const audited = (key: string, thenFail = false) =>
        store.commits.run(async (trx) => {
          await trx.insertInto('meta').values({ key, value: key }).execute();
          await writeAudit(trx, { at: 1, userId: null, action: `test.${key}`, sessionId: null, remoteAddress: null, detail: { key } });
          await writeAudit(trx, { at: 2, userId: null, action: `test.${key}.second`, sessionId: null, remoteAddress: null, detail: {} });
          if (thenFail) await trx.insertInto('meta').values({ key: 'a-taken', value: 'again' }).execute();
        });
      const before = store.commits.stats();
      const outcomes = await Promise.allSettled([audited('a-1'), audited('a-2'), audited('a-undone', true), audited('a-3')]);
      expect(store.commits.stats().batches - before.batches).toBe(1);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);

      const rows = (await queryAudit(store.db, { order: 'oldest' })).filter((row) => row.action.startsWith('test.'));
      expect(rows.map((row) => row.action)).toEqual([
        'test.a-1',
        'test.a-1.second',
        'test.a-2',
        'test.a-2.second',
        'test.a-3',
        'test.a-3.second',
      ]);
      // One unbroken run of ids, and a chain that verifies from its first row to its head.
      expect(rows.map((row) => row.auditId - rows[0]!.auditId)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await verifyAuditChain(store.db)).toMatchObject({ intact: true });
    });
  }

  it('a command alone that fails leaves nothing of its writes; the next one commits', async () => {
    const store = await stores.open('sqlite');
    await put(store, 'lone-taken');
    await expect(failAfterWriting(store, 'lone-partial', 'lone-taken')).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await put(store, 'lone-next');
    expect(await keysIn(store, 'lone-')).toEqual(['lone-next', 'lone-taken']);
  });

  it('sqlite: a command is answered only once its transaction is committed (another connection sees it)', async () => {
    const place = await stores.place('sqlite');
    const store = await stores.open(place);
    const reader = new BetterSqlite3(path.join(place.dataDir, 'vigil.sqlite'), { readonly: true });
    try {
      const seenAtAnswer = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          put(store, `seen-${index}`).then(() => reader.prepare('select count(*) as n from meta where key = ?').get(`seen-${index}`)),
        ),
      );
      expect(seenAtAnswer).toEqual(Array.from({ length: 10 }, () => ({ n: 1 })));
    } finally {
      reader.close();
    }
  });

  it('sqlite: a plain read does not wait for a batch being written; it sees what is committed', async () => {
    const store = await stores.open('sqlite');
    await put(store, 'read-before');
    const seenDuringBatch = await store.commits.run(async (trx) => {
      await trx.insertInto('meta').values({ key: 'read-inside', value: '' }).execute();
      // On one connection this read would wait for the batch to commit, and the batch for this work.
      return keysIn(store, 'read-');
    });
    expect(seenDuringBatch).toEqual(['read-before']);
    expect(await keysIn(store, 'read-')).toEqual(['read-before', 'read-inside']);
  });

  it('commands that arrive while a batch commits go in the next one, and every one is answered', async () => {
    const store = await stores.open('sqlite');
    const before = store.commits.stats();
    const first = Array.from({ length: 5 }, (_, index) => put(store, `wave1-${index}`));
    // Handed in from inside the first batch's work: the batch is committing, so these wait for the next.
    const second: Promise<unknown>[] = [];
    const trigger = store.commits.run(async (trx) => {
      for (let index = 0; index < 5; index += 1) second.push(put(store, `wave2-${index}`));
      await trx.insertInto('meta').values({ key: 'wave1-trigger', value: '' }).execute();
    });
    await Promise.all([...first, trigger]);
    await Promise.all(second);
    const after = store.commits.stats();
    expect(after.batches - before.batches).toBe(2);
    expect(await keysIn(store, 'wave')).toHaveLength(11);
  });
});
