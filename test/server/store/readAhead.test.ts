import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store';
import { heldSync, settle } from '../../support/heldSync';
import { DIALECTS, storesPerTest } from '../../support/stores';

const put = (store: Store, key: string) => store.commits.run((trx) => trx.insertInto('meta').values({ key, value: key }).execute());
const valueOf = (db: Store['db'], key: string) => db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();

/**
 * `store.readAhead`: the reads on a reading's path that only decide what it commits next see
 * what is committed without waiting for the WAL's sync, and whatever is answered from them
 * waits for `durableThrough(seen)`, which the caller's own later commit has already covered.
 */
describe('reads ahead of the WAL sync', () => {
  const stores = storesPerTest('readahead');

  it('sqlite: a read ahead sees a commit whose sync is still running at once; answering from it waits for that sync', async () => {
    const sync = heldSync();
    const store = await stores.open('sqlite', { syncFile: sync.syncFile });
    sync.state.armed = true;
    const committing = put(store, 'syncing');
    await expect.poll(() => sync.state.calls).toBe(1);

    const ahead = await store.readAhead((db) => valueOf(db, 'syncing'));
    expect(ahead.value).toEqual({ value: 'syncing' });
    // The same read through `db`, and an answer from the read ahead, both wait for the disk.
    const outcome = { read: false, durable: false, committed: false };
    const reading = valueOf(store.db, 'syncing').then((row) => ((outcome.read = true), row));
    const durable = store.durableThrough(ahead.seen).then(() => (outcome.durable = true));
    void committing.then(() => (outcome.committed = true));
    await settle();
    expect(outcome).toEqual({ read: false, durable: false, committed: false });

    sync.releaseAll();
    await Promise.all([committing, durable]);
    expect(await reading).toEqual({ value: 'syncing' });

    // A commit of the caller's own after the read, once durable, covers it: no sync of its own.
    const next = await store.readAhead((db) => valueOf(db, 'syncing'));
    sync.state.armed = false;
    await put(store, 'after');
    sync.state.armed = true;
    const calls = sync.state.calls;
    await store.durableThrough(next.seen);
    expect(sync.state.calls).toBe(calls);
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: a write through the read-ahead handle is refused and changes nothing`, async () => {
      const store = await stores.open(dialect);
      await expect(store.readAhead((db) => db.insertInto('meta').values({ key: 'sneaked', value: 'x' }).execute())).rejects.toThrow(
        /plain reads only/,
      );
      await expect(store.readAhead((db) => sql`insert into meta (key, value) values ('sneaked', 'x')`.execute(db))).rejects.toThrow(
        /plain reads only/,
      );
      await expect(store.readAhead((db) => db.updateTable('meta').set({ value: 'changed' }).execute())).rejects.toThrow(/plain reads only/);
      expect(await valueOf(store.db, 'sneaked')).toBeUndefined();
      // Reads go through, and on PostgreSQL (durable at commit) there is nothing to wait for.
      await put(store, 'kept');
      const ahead = await store.readAhead((db) => valueOf(db, 'kept'));
      expect(ahead.value).toEqual({ value: 'kept' });
      await store.durableThrough(ahead.seen);
    });
  }
});
