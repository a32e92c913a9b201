import { sql, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';
import type { GroupCommit } from './groupCommit';
import { storeFailureReason, storeFailureCode } from './errors';
import type { Database } from './schema';

/** Why the store cannot take writes right now, as /readyz reports it. */
export interface StoreProblem {
  /** Plain language: "The data disk is full", "The data folder is read-only", ... */
  reason: string;
  /** The driver's code (SQLITE_FULL, SQLITE_READONLY, 53100, ECONNREFUSED...). */
  code: string;
  /** When the first failure of this run of failures happened (epoch ms, real time). */
  since: number;
  /** Failures seen since then. */
  failures: number;
}

/**
 * The store's write health: set by the first write that fails for a store reason (disk full,
 * read-only, connection gone), cleared by the next write that commits. Fed by the dialect
 * wrapper below, so every query of every module counts without each caller reporting.
 */
export interface StoreHealth {
  current(): StoreProblem | null;
  recordFailure(error: unknown): void;
  recordSuccess(): void;
}

export function createStoreHealth(now: () => number = Date.now): StoreHealth {
  let problem: StoreProblem | null = null;
  return {
    current: () => (problem ? { ...problem } : null),
    recordFailure(error) {
      const reason = storeFailureReason(error);
      if (!reason) return;
      const code = storeFailureCode(error) ?? 'unknown';
      problem =
        problem && problem.code === code ? { ...problem, failures: problem.failures + 1 } : { reason, code, since: now(), failures: 1 };
    },
    recordSuccess() {
      problem = null;
    },
  };
}

const READ_SQL = /^\s*(select|with|pragma|explain)\b/i;

/** Anything but a plain read changes the file, so its success or failure says whether writes work. */
function isWrite(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return false;
  if (query.query.kind === 'RawNode') return !READ_SQL.test(query.sql);
  return true;
}

export interface HealthDialectOptions {
  /**
   * SQLite rolls a transaction back by itself on SQLITE_FULL and some I/O errors; Kysely's
   * ROLLBACK then fails with "no transaction is active" and would hide the real error.
   * When this says no transaction is open, the ROLLBACK is skipped.
   */
  inTransaction?: () => boolean;
}

/**
 * Wraps a Kysely dialect so store failures update `health`: a failed write (or a failed
 * connection) records the problem; a committed transaction or a write outside a transaction
 * clears it. Reads do not clear it: a full disk still answers SELECTs.
 */
export function withHealth(dialect: Dialect, health: StoreHealth, options: HealthDialectOptions = {}): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => wrapDriver(dialect.createDriver(), health, options),
  };
}

function wrapDriver(driver: Driver, health: StoreHealth, options: HealthDialectOptions): Driver {
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const originals = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inTransaction = new WeakSet<DatabaseConnection>();
  // A transaction in which a write failed for a store reason proves nothing when it commits: the
  // group commit undoes that command's savepoint and commits its batch-mates (or nothing at all).
  const failedInTransaction = new WeakSet<DatabaseConnection>();

  const original = (connection: DatabaseConnection) => originals.get(connection) ?? connection;

  function wrap(connection: DatabaseConnection): DatabaseConnection {
    const existing = wrapped.get(connection);
    if (existing) return existing;
    const proxy: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        try {
          const result = await connection.executeQuery<R>(query);
          if (isWrite(query) && !inTransaction.has(proxy)) health.recordSuccess();
          return result;
        } catch (error) {
          health.recordFailure(error);
          if (inTransaction.has(proxy) && storeFailureReason(error)) failedInTransaction.add(proxy);
          throw error;
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    wrapped.set(connection, proxy);
    originals.set(proxy, connection);
    return proxy;
  }

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      health.recordFailure(error);
      throw error;
    }
  };

  return {
    init: () => guard(() => driver.init()),
    acquireConnection: async () => wrap(await guard(() => driver.acquireConnection())),
    async beginTransaction(connection, settings) {
      await guard(() => driver.beginTransaction(original(connection), settings));
      inTransaction.add(connection);
      failedInTransaction.delete(connection);
    },
    async commitTransaction(connection) {
      await guard(() => driver.commitTransaction(original(connection)));
      inTransaction.delete(connection);
      if (!failedInTransaction.delete(connection)) health.recordSuccess();
    },
    async rollbackTransaction(connection) {
      inTransaction.delete(connection);
      failedInTransaction.delete(connection);
      if (options.inTransaction && !options.inTransaction()) return;
      await driver.rollbackTransaction(original(connection));
    },
    savepoint: driver.savepoint && ((c, name, compile) => guard(() => driver.savepoint!(original(c), name, compile))),
    rollbackToSavepoint: driver.rollbackToSavepoint && ((c, name, compile) => driver.rollbackToSavepoint!(original(c), name, compile)),
    releaseSavepoint: driver.releaseSavepoint && ((c, name, compile) => guard(() => driver.releaseSavepoint!(original(c), name, compile))),
    releaseConnection: (connection) => {
      inTransaction.delete(connection);
      return driver.releaseConnection(original(connection));
    },
    destroy: () => driver.destroy(),
  };
}

const PROBE_KEY = 'health.probe';
/** Larger than a page (4 KiB), so the probe must allocate pages as a real write would. */
const PROBE_BYTES = 6000;

/** Store.probeWrite: upsert and delete a row larger than a page, in one committed transaction. */
export async function probeWrite(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const value = `${Date.now()}:`.padEnd(PROBE_BYTES, '.');
    await trx
      .insertInto('meta')
      .values({ key: PROBE_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    await trx.deleteFrom('meta').where('key', '=', PROBE_KEY).execute();
  });
}

/** What both stores (SQLite, PostgreSQL) do alike: probe a write, ping, and close once the last batch has committed. */
export function probesAndClose(
  db: Kysely<Database>,
  commits: GroupCommit,
): { probeWrite(): Promise<void>; ping(): Promise<void>; close(): Promise<void> } {
  return {
    probeWrite: () => probeWrite(db),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await commits.settled();
      await db.destroy();
    },
  };
}
