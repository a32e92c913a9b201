import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's checkpoint copies the write-ahead log into the database file and syncs that file. Left
 * to SQLite (`wal_autocheckpoint`), it runs inside whichever COMMIT crosses 1,000 pages, on the
 * event loop, and holds every screen and monitor for as long as the disk takes. Here the writer's
 * automatic checkpoint is off and a thread of its own, with a connection of its own, checkpoints
 * the log while the server goes on (PASSIVE: it never holds the writer up). The log starts again
 * from its beginning at the next commit after a checkpoint that copied all of it; when commits
 * keep coming while it copies, that does not happen and the log grows. Past
 * `restartAfterFrames` the thread checkpoints once with RESTART while the writer is held between
 * its transactions (`holdWriter`): with no commit coming, it copies what the last pass left and
 * the log starts again from its beginning. Commits wait for that (a copy of what came since the
 * last pass, some milliseconds); the event loop does not. (It was the writer's own RESTART, on
 * the event loop: 2 to 36 ms every two seconds or so at 500 readings a second on a slow day of
 * the bench machine, 2026-12-01.) The thread takes the writer's lock only while the writer is
 * held: a writer upgrading a read to a write would get SQLITE_BUSY at once, without waiting, if
 * another connection held it. If the thread fails, the writer's automatic checkpoint is switched
 * back on: never an unbounded log.
 */
export interface Checkpointer {
  /** Checkpoint now (tests) and resolve with what it did. */
  checkpointNow(): Promise<CheckpointResult>;
  stats(): { checkpoints: number; restarts: number; failure: string | null };
  /** Stop the thread and close its connection; resolves when it has. */
  close(): Promise<void>;
}

export interface CheckpointResult {
  /** Frames in the log, and how many of them are now in the database file. */
  logFrames: number;
  checkpointedFrames: number;
}

export interface CheckpointerOptions {
  /** The database file (its -wal beside it). */
  file: string;
  /** How many commits the writer has made so far: a checkpoint runs only when there are new ones. */
  commits: () => number;
  /** Switch the writer's automatic checkpoint back on (the thread failed). */
  fallBack: () => void;
  /**
   * Runs `work` with the writer held between its transactions: none begins until `work` ends
   * (the thread's RESTART, once the log outgrew `restartAfterFrames`).
   */
  holdWriter: <T>(work: () => Promise<T>) => Promise<T>;
  logError: (error: unknown) => void;
  /** Real ms between looks for new commits. */
  intervalMs?: number;
  /** Frames in the log beyond which the thread checkpoints with RESTART, the writer held (4 KB pages: 8,192 is 32 MB). */
  restartAfterFrames?: number;
}

// The thread's code: plain CommonJS given as source, so it runs the same under tsx, vitest and a
// build, with better-sqlite3 loaded from the path the server itself resolved.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const RESTART_BUSY_MS = 200;
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    // RESTART only while the writer is held: it waits for no writer then, and for readers only
    // briefly (theirs are single statements); busy, it leaves the log as it is, for the next time.
    if (message.mode === 'RESTART') db.pragma('busy_timeout = ' + RESTART_BUSY_MS);
    const [result] = db.pragma('wal_checkpoint(' + (message.mode === 'RESTART' ? 'RESTART' : 'PASSIVE') + ')');
    parentPort.postMessage({ ok: true, busy: result.busy === 1, logFrames: result.log, checkpointedFrames: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) });
  } finally {
    db.pragma('busy_timeout = 5000');
  }
});
`;

type Reply = { ok: true; busy: boolean; logFrames: number; checkpointedFrames: number } | { ok: false; message: string };

const DEFAULT_INTERVAL_MS = 250;
const DEFAULT_RESTART_AFTER_FRAMES = 8_192;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const restartAfterFrames = options.restartAfterFrames ?? DEFAULT_RESTART_AFTER_FRAMES;
  let worker: Worker | null = null;
  let exited: Promise<void> | null = null;
  let inFlight: Promise<CheckpointResult> | null = null;
  let lastCommits = 0;
  let checkpoints = 0;
  let restarts = 0;
  let failure: string | null = null;
  let closed = false;
  const waiting: ((reply: Reply) => void)[] = [];

  function fail(reason: string, error?: unknown) {
    if (failure !== null) return;
    failure = reason;
    options.logError(error ?? new Error(reason));
    options.fallBack();
    for (const resolve of waiting.splice(0)) resolve({ ok: false, message: reason });
  }

  // Started at the first checkpoint: a server (or a test) that writes little never starts a thread.
  function thread(): Worker {
    if (worker) return worker;
    const started = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { file: options.file, driverPath: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    started.unref();
    started.on('message', (reply: Reply) => waiting.shift()?.(reply));
    started.on('error', (error) => fail('The checkpoint thread failed', error));
    exited = new Promise((resolve) =>
      started.once('exit', (code) => {
        if (!closed) fail(`The checkpoint thread stopped (exit code ${code})`);
        resolve();
      }),
    );
    worker = started;
    return started;
  }

  /** One checkpoint on the thread; a failed one hands checkpoints back to the writer. */
  async function pass(mode: 'PASSIVE' | 'RESTART'): Promise<Extract<Reply, { ok: true }>> {
    // Held while a reply is awaited: an idle thread never keeps the process alive, but a
    // program awaiting a checkpoint or the store's close must not see the process end first.
    const held = thread();
    held.ref();
    const reply = await new Promise<Reply>((resolve) => {
      waiting.push(resolve);
      held.postMessage({ type: 'checkpoint', mode });
    }).finally(() => held.unref());
    if (!reply.ok) {
      fail(`A checkpoint failed: ${reply.message}`);
      throw new Error(reply.message);
    }
    return reply;
  }

  function checkpoint(): Promise<CheckpointResult> {
    inFlight ??= (async () => {
      const reply = await pass('PASSIVE');
      checkpoints += 1;
      if (reply.logFrames > restartAfterFrames && !closed) {
        // Busy (a reader held on past the thread's wait): the log stays as it is until the next pass.
        const restart = await options.holdWriter(() => pass('RESTART'));
        if (!restart.busy) restarts += 1;
      }
      return { logFrames: reply.logFrames, checkpointedFrames: reply.checkpointedFrames };
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const timer = setInterval(() => {
    if (closed || failure !== null || inFlight) return;
    const commits = options.commits();
    if (commits === lastCommits) return;
    lastCommits = commits;
    checkpoint().catch((error: unknown) => {
      if (failure === null) options.logError(error);
    });
  }, intervalMs);
  timer.unref();

  return {
    checkpointNow: () => (failure !== null ? Promise.reject(new Error(failure)) : checkpoint()),
    stats: () => ({ checkpoints, restarts, failure }),
    async close() {
      closed = true;
      clearInterval(timer);
      await inFlight?.catch(() => {});
      if (!worker) return;
      worker.ref();
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
}
