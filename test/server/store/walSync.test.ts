import { describe, expect, it } from 'vitest';
import { storeFailureCode } from '../../../server/store/errors';
import type { Store } from '../../../server/store/store';
import { heldSync, settle } from '../../support/heldSync';
import { storesPerTest } from '../../support/stores';

const put = (store: Store, key: string) => store.commits.run((trx) => trx.insertInto('meta').values({ key, value: key }).execute());
const read = (store: Store, key: string) => store.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();

describe('SQLite commits are synced off the event loop, and nothing waits less than its sync', () => {
  const stores = storesPerTest();

  it('a commit resolves, and a read that sees it answers, only after the WAL sync that covers it', async () => {
    const sync = heldSync();
    const store = await stores.open('sqlite', { syncFile: sync.syncFile });
    sync.state.armed = true;

    const outcome = { committed: false, read: false };
    const committing = put(store, 'w-1').then(() => (outcome.committed = true));
    await expect.poll(() => sync.state.calls).toBe(1);
    // The row is committed (the reader connection sees it) but not yet on disk: neither may answer.
    const reading = read(store, 'w-1').then((row) => {
      outcome.read = true;
      return row;
    });
    await settle();
    expect(outcome).toEqual({ committed: false, read: false });

    sync.releaseAll();
    await committing;
    expect(await reading).toEqual({ value: 'w-1' });
    expect(store.health.current()).toBeNull();
  });

  it('commands arriving during a sync wait for it, then share one transaction and the next sync (the classic group commit)', async () => {
    const sync = heldSync();
    const store = await stores.open('sqlite', { syncFile: sync.syncFile });
    sync.state.armed = true;
    const before = store.commits.stats();
    const first = put(store, 'w-first');
    await expect.poll(() => sync.state.calls).toBe(1);
    let laterAnswered = false;
    const later = Promise.all(Array.from({ length: 5 }, (_, index) => put(store, `w-later-${index}`))).then(() => (laterAnswered = true));
    await settle();
    // None of them can be durable before the next sync begins anyway: no batch starts while this one syncs.
    expect(store.commits.stats()).toEqual({ batches: before.batches + 1, commands: before.commands + 1, waiting: 5 });
    sync.releaseAll();
    await first;
    await expect.poll(() => sync.state.calls).toBe(2);
    expect(store.commits.stats()).toEqual({ batches: before.batches + 2, commands: before.commands + 6, waiting: 0 });
    await settle();
    expect(laterAnswered).toBe(false);
    sync.releaseAll();
    await later;
    expect(sync.state.calls).toBe(2);
  });

  it('a failed sync fails its commands as store_unavailable and every later one until a restart', async () => {
    const sync = heldSync();
    const place = await stores.place('sqlite');
    const store = await stores.open(place, { syncFile: sync.syncFile });
    sync.state.armed = true;
    sync.state.fail = true;
    const failed = await put(store, 'w-lost').catch((error: unknown) => error);
    expect(storeFailureCode(failed)).toBe('SQLITE_IOERR_FSYNC');
    expect(store.health.current()?.code).toBe('SQLITE_IOERR_FSYNC');
    // The disk said it could not write: nothing is called durable again, even if the next fsync says yes.
    sync.state.fail = false;
    sync.state.armed = false;
    expect(storeFailureCode(await put(store, 'w-after').catch((error: unknown) => error))).toBe('SQLITE_IOERR_FSYNC');
    await store.close().catch(() => {});

    const reopened = await stores.open(place);
    await put(reopened, 'w-restarted');
    expect(await read(reopened, 'w-restarted')).toEqual({ value: 'w-restarted' });
  });
});
