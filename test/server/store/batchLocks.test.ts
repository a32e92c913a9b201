import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { writeAudit } from '../../../server/store/audit';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { deviceLock, lockOrder, sessionLock, type RowLock } from '../../../server/store/rowLocks';
import type { Store } from '../../../server/store/store';
import { storesPerTest } from '../../support/stores';

/** A command that writes its row and audit row, then holds its batch open until released. */
function heldCommand(store: Store, key: string, locks: RowLock[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { entered: false };
  const done = store.commits.run(async (trx) => {
    await trx.insertInto('meta').values({ key, value: key }).execute();
    await writeAudit(trx, { at: Date.now(), userId: null, action: 'test.write', sessionId: null, remoteAddress: null, detail: { key } });
    state.entered = true;
    await released;
  }, locks);
  return { state, release, done };
}

/** Backends of this database waiting for an advisory lock (another batch holds one of their keys). */
async function waitingOnKeys(store: Store): Promise<number> {
  const { rows } = await sql<{ waiting: number }>`
    select count(*)::int as waiting from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`.execute(store.db);
  return rows[0]!.waiting;
}

describe('lock order of group-commit batches', () => {
  it('every batch takes its keys in one order, each once, whatever order its commands named them in', () => {
    const keys = [sessionLock('s-1'), deviceLock('mon-1'), sessionLock('s-2'), sessionLock('s-1')];
    const order = lockOrder(keys);
    expect(order).toHaveLength(3);
    expect(lockOrder([...keys].reverse())).toEqual(order);
    expect([...order].sort((x, y) => (x < y ? -1 : 1))).toEqual(order);
  });
});

/**
 * Two stores on one PostgreSQL database stand for two server processes. A batch used to take the
 * audit chain's head first and hold it to its commit, so a second process's batch waited for the
 * first whole: here both batches are held open at once, each holding its keys and its writes,
 * which that design could not do. Batches that share a key still take turns.
 */
describe('PostgreSQL batches of two processes', () => {
  const stores = storesPerTest('locks');

  const twoProcesses = async () => {
    const place = await stores.place('postgres');
    return [await stores.open(place), await stores.open(place)] as const;
  };

  it('run at once when they share no key, and both commit with an intact audit chain', { timeout: 30_000 }, async () => {
    const [a, b] = await twoProcesses();
    const first = heldCommand(a, 'par-a', [sessionLock('s-1'), deviceLock('mon-1')]);
    const second = heldCommand(b, 'par-b', [sessionLock('s-2'), deviceLock('mon-2')]);
    // Both batches are inside their work, neither committed: they hold their keys at the same time.
    await expect.poll(() => first.state.entered && second.state.entered).toBe(true);
    second.release();
    await second.done;
    first.release();
    await first.done;
    const keys = await a.db.selectFrom('meta').select('key').where('key', 'like', 'par-%').orderBy('key').execute();
    expect(keys.map((row) => row.key)).toEqual(['par-a', 'par-b']);
    expect(await verifyAuditChain(a.db)).toMatchObject({ intact: true, rowsChecked: 2 });
  });

  it('take turns when they share a key: the second waits for the first to commit', { timeout: 30_000 }, async () => {
    const [a, b] = await twoProcesses();
    const first = heldCommand(a, 'same-a', [sessionLock('s-1'), sessionLock('s-2')]);
    await expect.poll(() => first.state.entered).toBe(true);
    // Named in the other order: sorted, the keys are taken in the same order as the first batch's.
    const second = heldCommand(b, 'same-b', [sessionLock('s-2'), sessionLock('s-1')]);
    await expect.poll(() => waitingOnKeys(a)).toBe(1);
    expect(second.state.entered).toBe(false);
    first.release();
    await first.done;
    await expect.poll(() => second.state.entered).toBe(true);
    second.release();
    await second.done;
    expect(await verifyAuditChain(a.db)).toMatchObject({ intact: true, rowsChecked: 2 });
  });
});

/**
 * One process on PostgreSQL commits several batches at once, so a batch's round trips overlap
 * another's. A command whose key a batch in flight holds waits in this process (not on the
 * database), and so does every later command naming that key: one process's commands of a key
 * commit in the order they came.
 */
describe('PostgreSQL batches of one process', () => {
  const stores = storesPerTest('locks');

  it(
    'commit at once when they share no key; a command of a held key waits, in order, and takes no connection',
    { timeout: 30_000 },
    async () => {
      const store = await stores.open('postgres');
      const first = heldCommand(store, 'one-a', [sessionLock('s-1')]);
      await expect.poll(() => first.state.entered).toBe(true);
      // A second batch starts while the first is open: both inside their work at once.
      const second = heldCommand(store, 'one-b', [sessionLock('s-2')]);
      await expect.poll(() => second.state.entered).toBe(true);
      // Two more of session 1's key, and a free one after them: the free one goes on, the two wait.
      const order: string[] = [];
      const sameKey = ['one-c', 'one-d'].map((key) =>
        store.commits.run(
          async (trx) => {
            order.push(key);
            await trx.insertInto('meta').values({ key, value: key }).execute();
          },
          [sessionLock('s-1'), deviceLock(`mon-${key}`)],
        ),
      );
      const free = store.commits.run(
        async (trx) => {
          order.push('one-e');
          await trx.insertInto('meta').values({ key: 'one-e', value: 'one-e' }).execute();
        },
        [sessionLock('s-3')],
      );
      await free;
      expect(order).toEqual(['one-e']);
      // They waited in this process, not on an advisory lock in the database.
      expect(await waitingOnKeys(store)).toBe(0);
      first.release();
      second.release();
      await Promise.all([first.done, second.done, ...sameKey]);
      expect(order).toEqual(['one-e', 'one-c', 'one-d']);
      const keys = await store.db.selectFrom('meta').select('key').where('key', 'like', 'one-%').orderBy('key').execute();
      expect(keys.map((row) => row.key)).toEqual(['one-a', 'one-b', 'one-c', 'one-d', 'one-e']);
      expect(await verifyAuditChain(store.db)).toMatchObject({ intact: true, rowsChecked: 2 });
      await store.commits.settled();
    },
  );
});
