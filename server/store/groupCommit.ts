import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { collectAuditRows } from './audit';
import type { RowLock } from './rowLocks';
import type { Database } from './schema';

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
  /** Transactions committed (or tried) and the commands they held: how well writes are grouped. */
  stats(): { batches: number; commands: number };
}

interface Pending {
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
}

export function createGroupCommit(db: Kysely<Database>, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? MAX_BATCH;
  const queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let batches = 0;
  let commands = 0;

  // Commands that arrive in the same tick, or while a batch is committing, wait for the next batch.
  function schedule() {
    if (flushing || queue.length === 0) return;
    flushing = new Promise<void>((resolve) => setImmediate(() => void flush().then(resolve)));
  }

  async function flush() {
    const batch = queue.splice(0, maxBatch);
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
          for (const item of batch) {
            const written = audit.count;
            const outcome = await runIsolated(trx, item.work);
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
      return done();
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    return done();
  }

  function done() {
    flushing = null;
    schedule();
  }

  return {
    run<T>(work: (trx: Transaction<Database>) => Promise<T>, locks: readonly RowLock[] = []): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, locks, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    async settled() {
      while (flushing) await flushing;
    },
    stats: () => ({ batches, commands }),
  };
}

// Built once: every command of a batch takes its savepoint.
const SAVEPOINT = CompiledQuery.raw('savepoint vigil_command');
const RELEASE = CompiledQuery.raw('release savepoint vigil_command');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint vigil_command');

/**
 * One command's writes in a savepoint: kept when it succeeds, undone alone when it throws. A
 * failure to undo it (the store rolled the whole transaction back itself) fails the batch.
 */
async function runIsolated(trx: Transaction<Database>, work: (trx: Transaction<Database>) => Promise<unknown>): Promise<Outcome> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const value = await work(trx);
    await trx.executeQuery(RELEASE);
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
