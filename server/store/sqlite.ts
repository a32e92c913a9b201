import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { withHealth, type StoreHealth } from './health';
import type { Database } from './schema';

export interface SqliteHandle {
  db: Kysely<Database>;
  raw: BetterSqlite3.Database;
  file: string;
}

/**
 * Opens (creating if needed) the SQLite store. WAL with synchronous=FULL: a committed
 * transaction survives kill -9 and a power cut, which is what "acknowledged" promises.
 */
export function openSqlite(dataDir: string, health?: StoreHealth): SqliteHandle {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'vigil.sqlite');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const dialect = new SqliteDialect({ database: raw });
  // Store failures (disk full, read-only) feed the health that /readyz reports.
  const db = new Kysely<Database>({ dialect: health ? withHealth(dialect, health, { inTransaction: () => raw.inTransaction }) : dialect });
  return { db, raw, file };
}
