import { createHash } from 'node:crypto';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * A thing a group-commit batch writes that another process's batch may write too: a session
 * (its row, its events' seqs), a device (its bookkeeping, its waiting readings) or a handed-over
 * sign-in. Named by key, not by row, so a row not yet inserted (a session being opened) is
 * covered as well as one that exists.
 */
export type RowLock = string;

export const sessionLock = (sessionId: string): RowLock => `session:${sessionId}`;
export const deviceLock = (deviceId: string): RowLock => `device:${deviceId}`;
export const handoverLock = (tokenHash: string): RowLock => `handover:${tokenHash}`;
/**
 * A command id: unique across every session, so two batches storing the same id for two
 * sessions at once (a screen reusing an id) take turns, and the second finds the first's event
 * and answers a conflict instead of failing on the unique index.
 */
export const commandLock = (commandId: string): RowLock => `command:${commandId}`;

/** A key's 64-bit advisory lock number (the first 8 bytes of its SHA-256): distinct keys rarely share one, and sharing only serializes them. */
function lockNumber(key: RowLock): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/** The batch's lock numbers, each once, in ascending order: the one order every batch of every process takes them in. */
export function lockOrder(keys: Iterable<RowLock>): bigint[] {
  return [...new Set([...keys].map(lockNumber))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * PostgreSQL: takes the batch's keys as transaction advisory locks, in ascending order, in one
 * statement (unnest yields the array in order and each row's lock is taken as it is produced).
 * Released at commit or rollback. Two batches that share a key run one after the other; batches
 * that share none run at once, and meet only at the audit chain's head, which each takes last.
 */
export async function takeRowLocks(trx: Transaction<Database>, keys: Iterable<RowLock>): Promise<void> {
  const numbers = lockOrder(keys);
  if (numbers.length === 0) return;
  // The numbers are written into the statement (decimal integers, nothing else), not passed as
  // a parameter: a statement without parameters goes in one message with the batch's BEGIN
  // (pgStatements.ts), one round trip per batch fewer than preparing it by name would save.
  await trx.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(k) from unnest('{${numbers.join(',')}}'::bigint[]) as k`));
}
