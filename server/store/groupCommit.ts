import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { collectAuditRows } from './audit';
import type { RowLock } from './rowLocks';
import type { Database } from './schema';
import { performance } from 'node:perf_hooks';

/**
 * Group commit: the writes of concurrent commands share one transaction, so a burst of readings
 * costs one fsync instead of one each. Every command still learns its outcome only after the
 * transaction that holds it has committed (nothing is acknowledged before it is durable), and
 * each runs in a savepoint of its own, so one that fails (a constraint, a refused audit row)
 * is rolled back alone and its batch-mates commit.
 */
export interface GroupCommit {
  /**
   * Runs `work` in the next shared transaction and resolves with its result once that
   * transaction has committed; rejects with `work`'s own error (nothing of it stored), or with
   * the commit's error (nothing of the batch stored). `work` must write only through `trx`: the
   * batch holds the writer until it commits (plain reads elsewhere go on, and see what is committed).
   * `locks`: what `work` writes that another process's batch may write too (rowLocks.ts: its
   * session, its device). On PostgreSQL the batch takes every command's keys first, in one order,
   * so batches of several processes run at once unless they share a key, and never deadlock;
   * work that writes such a row without naming it can. SQLite's one writer needs none.
   */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>, locks?: readonly RowLock[]): Promise<T>;
  /** Resolves once every command handed in so far has its outcome (before the store closes). */
  settled(): Promise<void>;
  /**
   * Transactions committed (or tried) and the commands they held: how well writes are grouped;
   * `waiting`: commands handed in and not yet taken into a batch.
   */
  stats(): { batches: number; commands: number; waiting: number };
  /**
   * How long (real ms) the oldest command handed in and not yet committed or refused has
   * waited; 0 when none waits. A store that hangs (a lock held, a link that drops packets)
   * raises no error: this is how /readyz sees it.
   */
  oldestWaitMs(): number;
}

interface Pending {
  /** When it was handed in (monotonic ms). */
  since: number;
  work: (trx: Transaction<Database>) => Promise<unknown>;
  locks: readonly RowLock[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Commands in one transaction at most: a batch this size still commits in a few milliseconds. */
const MAX_BATCH = 256;

export interface GroupCommitOptions {
  maxBatch?: number;
  /**
   * Run first in every batch's transaction with the keys its commands named: PostgreSQL locks
   * them here in one global order (rowLocks.ts), so batches of several processes cannot deadlock.
   */
  lock?: (trx: Transaction<Database>, keys: RowLock[]) => Promise<void>;
  /**
   * Batches committing at once (1: one after another). More than one only where the store has
   * connections enough and locks by key (PostgreSQL): a batch's round trips then overlap another's.
   * A command waits while a batch in flight holds one of its keys, and so does every later command
   * naming that key, so one process's commands of a key still commit in the order they came.
   */
  maxInFlight?: number;
  /**
   * The store runs several statements sent as one (PostgreSQL's simple query; SQLite prepares
   * one at a time): a command's RELEASE goes with the next command's SAVEPOINT, one round trip
   * per command of a batch instead of two.
   */
  combinedSavepoints?: boolean;
}

export function createGroupCommit(db: Kysely<Database>, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? MAX_BATCH;
  const maxInFlight = options.maxInFlight ?? 1;
  const queue: Pending[] = [];
  const flushing = new Set<Promise<void>>();
  /** Keys held by the batches in flight, with how many hold each. */
  const held = new Map<RowLock, number>();
  /** A batch is about to be taken (on the next turn): commands arriving until then join it. */
  let starting = false;
  let batches = 0;
  let commands = 0;
  /** The batches being committed (their commands are settled when the commit ends). */
  const committing = new Set<Pending[]>();

  // Commands that arrive in the same tick, or while the batches in flight are committing, wait for the next batch.
  function schedule() {
    if (starting || flushing.size >= maxInFlight || queue.length === 0) return;
    starting = true;
    const flushed: Promise<void> = new Promise<void>((resolve) =>
      setImmediate(() => {
        starting = false;
        void flush().then((took) => {
          flushing.delete(flushed);
          resolve();
          // A batch that found nothing to take (every queued command waits for a key in flight)
          // does not look again: the batch holding the key schedules when it ends.
          if (took) schedule();
        });
      }),
    );
    flushing.add(flushed);
  }

  /** The next batch: queued commands in order, but none whose key a batch in flight holds, nor any after it naming that key. */
  function takeBatch(): Pending[] {
    if (held.size === 0) return queue.splice(0, maxBatch);
    const batch: Pending[] = [];
    const waiting = new Set<RowLock>();
    for (let index = 0; index < queue.length && batch.length < maxBatch;) {
      const item = queue[index]!;
      if (item.locks.some((key) => held.has(key) || waiting.has(key))) {
        for (const key of item.locks) waiting.add(key);
        index += 1;
      } else {
        batch.push(item);
        queue.splice(index, 1);
      }
    }
    return batch;
  }

  /** Commits the next batch; false when there was none to take. Never rejects (each command gets its outcome). */
  async function flush(): Promise<boolean> {
    const batch = takeBatch();
    if (batch.length === 0) return false;
    const keys = batch.flatMap((item) => item.locks);
    for (const key of keys) held.set(key, (held.get(key) ?? 0) + 1);
    committing.add(batch);
    try {
      await commit(batch);
    } finally {
      committing.delete(batch);
      for (const key of keys) {
        const left = held.get(key)! - 1;
        if (left === 0) held.delete(key);
        else held.set(key, left);
      }
    }
    return true;
  }

  async function commit(batch: Pending[]) {
    batches += 1;
    commands += batch.length;
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        if (options.lock)
          await options.lock(
            trx,
            batch.flatMap((item) => item.locks),
          );
        // The batch's audit rows are chained together at its end: a few statements per batch, not three per command.
        const audit = collectAuditRows(trx);
        // A command alone needs no savepoint: if it fails, its transaction is rolled back, which is the same.
        const only = batch.length === 1 ? batch[0] : undefined;
        if (only) outcomes.push({ ok: true, value: await only.work(trx) });
        else {
          // A command that succeeded, its savepoint not yet released (released with the next one's opening).
          let open = false;
          for (const [index, item] of batch.entries()) {
            const written = audit.count;
            const keepOpen = options.combinedSavepoints === true && index < batch.length - 1;
            const outcome = await runIsolated(trx, item.work, open ? RELEASE_AND_SAVEPOINT : SAVEPOINT, keepOpen);
            open = outcome.ok && keepOpen;
            if (!outcome.ok) audit.dropFrom(written);
            outcomes.push(outcome);
          }
        }
        await audit.chain();
      });
    } catch (error) {
      // A lone command failed, or the commit (or a savepoint the store itself undid: a full disk)
      // failed: nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  return {
    run<T>(work: (trx: Transaction<Database>) => Promise<T>, locks: readonly RowLock[] = []): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ since: performance.now(), work, locks, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    oldestWaitMs() {
      // Each list is in hand-in order: its first command is its oldest.
      const firsts = [queue[0], ...[...committing].map((batch) => batch[0])].filter((item) => item !== undefined);
      return firsts.length === 0 ? 0 : performance.now() - Math.min(...firsts.map((item) => item.since));
    },
    async settled() {
      while (flushing.size > 0) await Promise.all(flushing);
    },
    stats: () => ({ batches, commands, waiting: queue.length }),
  };
}

// Built once: every command of a batch takes its savepoint.
const SAVEPOINT = CompiledQuery.raw('savepoint vigil_command');
const RELEASE = CompiledQuery.raw('release savepoint vigil_command');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint vigil_command');
const RELEASE_AND_SAVEPOINT = CompiledQuery.raw('release savepoint vigil_command; savepoint vigil_command');

/**
 * One command's writes in a savepoint (opened by `open`: the previous command's release may go
 * with it): kept when it succeeds, undone alone when it throws. A failure to undo it (the store
 * rolled the whole transaction back itself) fails the batch. `keepOpen`: a savepoint that
 * succeeded is left for the next command's `open` to release.
 */
async function runIsolated(
  trx: Transaction<Database>,
  work: (trx: Transaction<Database>) => Promise<unknown>,
  open: CompiledQuery,
  keepOpen: boolean,
): Promise<Outcome> {
  await trx.executeQuery(open);
  try {
    const value = await work(trx);
    if (!keepOpen) await trx.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (error) {
    try {
      await trx.executeQuery(ROLLBACK_TO);
      await trx.executeQuery(RELEASE);
    } catch {
      // The store undid the whole transaction (SQLite does on a full disk): the batch fails with the real reason.
      throw error;
    }
    return { ok: false, error };
  }
}
