import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../../server/store/checkpointer';
import { storesPerTest } from '../../support/stores';

const ROW = 'x'.repeat(1_000);
const TRANSACTIONS = 400;
const ROWS_PER_TRANSACTION = 10;

/**
 * SQLite's checkpoint (the write-ahead log copied into the database file, then synced) runs on a
 * thread of its own, not inside a commit on the event loop; the log still stays bounded while
 * commits go on, nothing written is lost, and a failed thread hands checkpoints back to SQLite.
 */
describe('checkpoints off the event loop', () => {
  const dirs: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-checkpoint-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A writer as the store opens it (WAL, synchronous=NORMAL, no automatic checkpoint) and a commit counter. */
  function writer() {
    const file = path.join(tempDir(), 'scratch.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('wal_autocheckpoint = 0');
    raw.exec('create table scratch (id integer primary key, body text not null)');
    cleanups.push(() => {
      raw.close();
    });
    let commits = 0;
    const insert = raw.prepare('insert into scratch (body) values (?)');
    const newest = raw.prepare('select max(id) as id from scratch');
    // Read, then write, as the store's commands do: if the thread ever held the writer's lock, the
    // upgrade to a write would fail at once with SQLITE_BUSY (no busy wait for an upgrade).
    const commit = raw.transaction(() => {
      newest.get();
      for (let row = 0; row < ROWS_PER_TRANSACTION; row += 1) insert.run(ROW);
    });
    // The writer's hold, as the store's writer lock gives it: no transaction begins while held.
    let held: Promise<void> | null = null;
    const holds: { commitsAtStart: number; commitsAtEnd: number }[] = [];
    async function holdWriter<T>(work: () => Promise<T>): Promise<T> {
      let done!: () => void;
      held = new Promise((resolve) => (done = resolve));
      const commitsAtStart = commits;
      try {
        return await work();
      } finally {
        holds.push({ commitsAtStart, commitsAtEnd: commits });
        held = null;
        done();
      }
    }
    /** Commits as a busy server does: a batch, then the next once the event loop has turned and a timer run. */
    async function writeAll() {
      for (let transaction = 0; transaction < TRANSACTIONS; transaction += 1) {
        while (held) await held;
        commit();
        commits += 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    return { file, raw, writeAll, holdWriter, holds, commits: () => commits };
  }

  const walBytes = (file: string) => fs.statSync(`${file}-wal`).size;
  const written = TRANSACTIONS * ROWS_PER_TRANSACTION * ROW.length;

  it('keeps the log bounded while commits go on, and every row is in the file', async () => {
    const { file, raw, writeAll, holdWriter, holds, commits } = writer();
    const errors: unknown[] = [];
    const checkpointer = startCheckpointer({
      file,
      commits,
      fallBack: () => errors.push('fell back'),
      holdWriter,
      logError: (error) => errors.push(error),
      intervalMs: 5,
      restartAfterFrames: 64,
    });
    cleanups.push(() => checkpointer.close());
    await writeAll();
    await expect.poll(() => checkpointer.stats().checkpoints).toBeGreaterThan(1);
    // Four megabytes of rows (twice that in log frames) went through a log that never held half of them.
    expect(walBytes(file)).toBeLessThan(written / 2);
    // The thread started the log again (RESTART) with the writer held, never the writer itself:
    // no commit went in while it was held, and none failed for the thread's lock.
    expect(checkpointer.stats().restarts).toBeGreaterThan(0);
    expect(holds.length).toBeGreaterThanOrEqual(checkpointer.stats().restarts);
    for (const hold of holds) expect(hold.commitsAtEnd).toBe(hold.commitsAtStart);
    expect(errors).toEqual([]);
    expect(raw.prepare('select count(*) as n from scratch').get()).toEqual({ n: TRANSACTIONS * ROWS_PER_TRANSACTION });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('without it the same commits grow the log past everything written (what the test above would see if nothing checkpointed)', async () => {
    const { file, writeAll } = writer();
    await writeAll();
    expect(walBytes(file)).toBeGreaterThan(written);
  });

  it('a thread that cannot open the file hands checkpoints back to the writer and says so', async () => {
    const errors: unknown[] = [];
    let fellBack = 0;
    const checkpointer: Checkpointer = startCheckpointer({
      file: path.join(tempDir(), 'missing.sqlite'),
      commits: () => 1,
      fallBack: () => (fellBack += 1),
      holdWriter: (work) => work(),
      logError: (error) => errors.push(error),
    });
    cleanups.push(() => checkpointer.close());
    await expect(checkpointer.checkpointNow()).rejects.toThrow();
    expect(fellBack).toBe(1);
    expect(errors).toHaveLength(1);
    expect(checkpointer.stats().failure).toMatch(/checkpoint/);
  });

  it("a program that awaits a checkpoint and the store's close runs on after them (the idle thread alone keeps nothing alive)", () => {
    const dataDir = tempDir();
    const script = path.join(dataDir, 'closeAndGoOn.mts');
    fs.writeFileSync(
      script,
      [
        `import { openStore } from ${JSON.stringify(path.resolve('server/store/store.ts'))};`,
        `const store = await openStore({ dataDir: ${JSON.stringify(dataDir)}, databaseUrl: null });`,
        `await store.db.insertInto('rooms').values({ room_id: 'room-9', name: 'Room 9', sort_order: 9 }).execute();`,
        `await store.checkpointer!.checkpointNow();`,
        `await store.close();`,
        `console.log('went on after the close');`,
      ].join('\n'),
    );
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve('.'), encoding: 'utf8' });
    expect(output).toContain('went on after the close');
  });

  describe("the server's store", () => {
    const stores = storesPerTest();

    it("takes no checkpoint on the writer; the thread's copies everything committed; closing lets go of the file", async () => {
      const dataDir = tempDir();
      const store = await stores.open({ dataDir, databaseUrl: null });
      expect(store.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      await store.db.insertInto('rooms').values({ room_id: 'room-9', name: 'Room 9', sort_order: 9 }).execute();
      const result = await store.checkpointer!.checkpointNow();
      expect(result.logFrames).toBeGreaterThan(0);
      expect(result.checkpointedFrames).toBe(result.logFrames);
      await store.close();
      // The last connection closed (the thread's too): SQLite folded the log in and removed it.
      expect(fs.existsSync(path.join(dataDir, 'vigil.sqlite-wal'))).toBe(false);
      const reopened = new BetterSqlite3(path.join(dataDir, 'vigil.sqlite'), { readonly: true });
      expect(reopened.prepare('select name from rooms where room_id = ?').get('room-9')).toEqual({ name: 'Room 9' });
      reopened.close();
    });
  });
});
