import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase } from 'kysely';
import { withHealth, type StoreHealth } from './health';
import { ReadAheadSqliteDialect, SplitSqliteDialect } from './sqliteDriver';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { createWalSync, type SyncFile, type WalSync } from './walSync';
import type { Database } from './schema';

export interface SqliteHandle {
  db: Kysely<Database>;
  /** Plain reads that do not wait for the WAL's sync (`ReadAheadSqliteDialect`; `Store.readAhead`). */
  readAheadDb: Kysely<Database>;
  walSync: WalSync;
  raw: BetterSqlite3.Database;
  file: string;
  checkpointer: Checkpointer;
}

/** SQLite's own automatic checkpoint size (pages), used again if the checkpoint thread fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * Opens (creating if needed) the SQLite store. WAL, committed with synchronous=NORMAL and the WAL
 * then synced off the event loop before the commit resolves (`walSync.ts`): as with
 * synchronous=FULL, a committed transaction survives kill -9 and a power cut, which is what
 * "acknowledged" promises, but the disk's flush no longer holds every other request.
 */
export function openSqlite(dataDir: string, health?: StoreHealth, syncFile?: SyncFile): SqliteHandle {
  const file = path.join(dataDir, 'vigil.sqlite');
  protectDataDir(dataDir, file);
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  protectFiles(file);
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Plain reads take a connection of their own, so they never wait for a batch's commit (WAL).
  const reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  const walSync = createWalSync(`${file}-wal`, syncFile);
  // Checkpoints run on a thread of their own (checkpointer.ts), not inside a commit on the event loop.
  raw.pragma(`wal_autocheckpoint = 0`);
  const checkpointer = startCheckpointer({
    file,
    commits: walSync.latest,
    fallBack: () => raw.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`),
    // The store's own writer lock: between transactions, never inside one.
    holdWriter: (work) => dialect.holdWriter(work),
    logError: (error) => console.error('[store] SQLite checkpoints are back on the writer:', error),
  });
  const cachedReader = withStatementCache(reader);
  const dialect = new SplitSqliteDialect(
    withStatementCache(raw),
    cachedReader,
    () => raw.inTransaction,
    walSync,
    () => checkpointer.close(),
  );
  // Store failures (disk full, read-only) feed the health that /readyz reports.
  const db = new Kysely<Database>({ dialect: health ? withHealth(dialect, health) : dialect });
  const readAheadDb = new Kysely<Database>({ dialect: new ReadAheadSqliteDialect(cachedReader) });
  return { db, readAheadDb, walSync, raw, file, checkpointer };
}

/**
 * Patient records: the data folder is the service account's alone (0700) and so are the
 * database files (0600). The file is created 0600 before SQLite opens it; SQLite gives its
 * -wal and -shm files the main file's mode, and they are tightened here too in case they
 * were made by an older version.
 */
function protectDataDir(dataDir: string, file: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
}

function protectFiles(file: string): void {
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(name)) fs.chmodSync(name, 0o600);
  }
}

/** Distinct statements kept prepared: every query the server makes, with room for `in (...)` lists of several lengths. */
const MAX_CACHED_STATEMENTS = 1_000;

/**
 * Kysely's SQLite driver asks for a new prepared statement for every query; this hands back the
 * one prepared for the same SQL before (SQLite re-prepares it by itself after a schema change).
 * A statement still being iterated (a streamed query) is busy: that caller gets a fresh one.
 * The oldest-used statements are dropped beyond `maxStatements`.
 */
export function withStatementCache(raw: BetterSqlite3.Database, maxStatements = MAX_CACHED_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached?.busy) return raw.prepare(sql);
      if (cached) {
        // Most recently used last, so the first key is the one to drop.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = raw.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > maxStatements) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
