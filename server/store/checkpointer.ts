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
 * `restartAfterFrames` the writer itself checkpoints once (`restartOnWriter`, RESTART, between
 * its transactions: the rare commit that waits for the disk, as every thousandth page did
 * before). The thread never takes the writer's lock: a writer upgrading a read to a write gets
 * SQLITE_BUSY at once, without waiting, if another connection holds it. If the thread fails,
 * the writer's automatic checkpoint is switched back on: never an unbounded log.
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
  /** A RESTART checkpoint on the writer, between its transactions (the log outgrew `restartAfterFrames`). */
  restartOnWriter: () => Promise<void>;
  logError: (error: unknown) => void;
  /** Real ms between looks for new commits. */
  intervalMs?: number;
  /** Frames in the log beyond which the writer checkpoints with RESTART (4 KB pages: 8,192 is 32 MB). */
  restartAfterFrames?: number;
}

// The thread's code: plain CommonJS given as source, so it runs the same under tsx, vitest and a
// build, with better-sqlite3 loaded from the path the server itself resolved.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
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
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, logFrames: result.log, checkpointedFrames: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) });
  }
});
`;

type Reply = { ok: true; logFrames: number; checkpointedFrames: number } | { ok: false; message: string };

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

  function checkpoint(): Promise<CheckpointResult> {
    inFlight ??= (async () => {
      // Held while a reply is awaited: an idle thread never keeps the process alive, but a
      // program awaiting a checkpoint or the store's close must not see the process end first.
      const held = thread();
      held.ref();
      const reply = await new Promise<Reply>((resolve) => {
        waiting.push(resolve);
        held.postMessage({ type: 'checkpoint' });
      }).finally(() => held.unref());
      if (!reply.ok) {
        fail(`A checkpoint failed: ${reply.message}`);
        throw new Error(reply.message);
      }
      checkpoints += 1;
      if (reply.logFrames > restartAfterFrames && !closed) {
        await options.restartOnWriter();
        restarts += 1;
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
