import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { createGroupCommit, type GroupCommit } from './groupCommit';
import { createStoreHealth, probesAndClose, type StoreHealth } from './health';
import { migrate } from './migrate';
import type { Database } from './schema';
import { openSqlite } from './sqlite';
import type { SyncFile } from './walSync';
import type { Checkpointer } from './checkpointer';

/** The one store: a Kysely handle over SQLite (default) or PostgreSQL, plus its health check. */
export interface Store {
  db: Kysely<Database>;
  /**
   * Plain reads that may see a commit not yet on disk: on SQLite they do not wait for the WAL's
   * sync as reads of `db` do (on PostgreSQL, whose commits are durable when they return, `read`
   * gets `db` itself). For reads that decide what the caller commits next, on the hot path of a
   * reading: `seen` marks every commit the reads may have seen, and nothing is answered or shown
   * from them before `durableThrough(seen)`, which is at once when a commit of the caller's own,
   * made after the reads, is already durable (WAL commits reach the disk in order). `read` may
   * only read: a write through its handle is refused.
   */
  readAhead<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<{ value: T; seen: number }>;
  /** Resolves once every commit up to `seen` (from `readAhead`) is on disk. */
  durableThrough(seen: number): Promise<void>;
  dialect: 'sqlite' | 'postgres';
  /** Where commands' writes go: concurrent ones share a transaction (one fsync), each acknowledged after it commits. */
  commits: GroupCommit;
  /** Resolves when the store can answer a query; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** SQLite's integrity check, or PostgreSQL's equivalent sanity query. Returns 'ok' when sound. */
  integrityCheck(): Promise<string>;
  /** Write health: the current problem (disk full, read-only...) or null. */
  health: StoreHealth;
  /**
   * Commits a small write that needs fresh pages (then removes it), so a full disk or a
   * read-only folder shows up even when no command has tried to write yet. Rejects with the
   * store's error; the health is updated either way.
   */
  probeWrite(): Promise<void>;
  /**
   * SQLite: a number that changes whenever another connection (another process, or another store
   * opened on the same file) has committed, so a session's cached copy need not be read again
   * while it stays the same and no append through this store took a newer seq
   * (`lastSeqTaken`). Null on PostgreSQL, where other processes write as a matter of course:
   * there every decision reads what is new.
   */
  externalVersion: (() => number) | null;
  /** The SQLite connection itself (maintenance and fault-injection tests); null on PostgreSQL. */
  sqlite: BetterSqlite3.Database | null;
  /** SQLite: the thread that checkpoints the write-ahead log off the event loop; null on PostgreSQL. */
  checkpointer: Checkpointer | null;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** SQLite: the WAL's fsync (tests hold it); the real one by default. */
  syncFile?: SyncFile;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    const store = await openPostgres(options.databaseUrl);
    await migrate(store.db, 'postgres');
    return store;
  }
  const health = createStoreHealth();
  const { db, readAheadDb, walSync, raw, checkpointer } = openSqlite(options.dataDir, health, options.syncFile);
  const commits = createGroupCommit(db);
  await migrate(db, 'sqlite');
  const dataVersion = oncePerTurn(raw.prepare('pragma data_version').pluck());
  return {
    db,
    // Read after the reads: nothing they saw is newer than the commits counted by then.
    readAhead: async (read) => ({ value: await read(readAheadDb), seen: walSync.latest() }),
    durableThrough: (seen) => walSync.durable(seen),
    dialect: 'sqlite',
    commits,
    health,
    sqlite: raw,
    checkpointer,
    // Asked of the writer: its data_version moves only with other connections' commits, not its own.
    externalVersion: dataVersion,
    ...probesAndClose(db, commits),
    integrityCheck: async () => {
      const rows = raw.pragma('integrity_check') as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join('; ');
    },
  };
}

/**
 * `pragma data_version` takes and drops the WAL's shared-memory locks (system calls, about 10 µs
 * each time), and a reading asks it several times (its command, then the alarm and readiness
 * passes): 2.5% of the server's time at 500 readings a second. The first answer of a turn of
 * the event loop serves the rest of that turn. A commit by another connection during the turn
 * is seen from the next turn on, as one landing just after the question would be; a copy read
 * meanwhile is noted at the older version, so it is read again then (never wrongly kept).
 */
function oncePerTurn(statement: BetterSqlite3.Statement): () => number {
  let known: number | null = null;
  return () => {
    if (known !== null) return known;
    known = statement.get() as number;
    setImmediate(() => (known = null));
    return known;
  };
}
