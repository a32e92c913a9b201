import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store';
import { storesPerTest } from '../../support/stores';

const read = (store: Store, key: string) => store.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();

/**
 * SQLite's plain reads run on a reader connection of their own: a read while a batch's
 * transaction is open on the writer neither waits for it nor sees its uncommitted rows.
 */
describe('SQLite plain reads beside an open batch', () => {
  const stores = storesPerTest();

  it('a read while a batch is open answers at once without its uncommitted rows, and sees them once committed', async () => {
    const store = await stores.open('sqlite');
    await store.commits.run((trx) => trx.insertInto('meta').values({ key: 'before', value: 'committed' }).execute());

    let letCommit!: () => void;
    const gate = new Promise<void>((resolve) => (letCommit = resolve));
    let written = false;
    const batch = store.commits.run(async (trx) => {
      await trx.insertInto('meta').values({ key: 'open', value: 'not yet' }).execute();
      await trx.updateTable('meta').set({ value: 'changed, not yet' }).where('key', '=', 'before').execute();
      written = true;
      // The transaction stays open across turns of the event loop, as a command's work may.
      await gate;
    });
    await expect.poll(() => written).toBe(true);
    expect(store.sqlite?.inTransaction).toBe(true);

    expect(await read(store, 'open')).toBeUndefined();
    expect(await read(store, 'before')).toEqual({ value: 'committed' });

    letCommit();
    await batch;
    expect(store.sqlite?.inTransaction).toBe(false);
    expect(await read(store, 'open')).toEqual({ value: 'not yet' });
    expect(await read(store, 'before')).toEqual({ value: 'changed, not yet' });
  });
});
