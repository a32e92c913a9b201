import { sql, type Kysely } from 'kysely';
import { migrate } from './migrate';
import type { Database } from './schema';
import { openSqlite } from './sqlite';

/** The one store: a Kysely handle over SQLite (default) or PostgreSQL, plus its health check. */
export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Resolves when the store can answer a query; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** SQLite's integrity check, or PostgreSQL's equivalent sanity query. Returns 'ok' when sound. */
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl: string | null;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    const store = await openPostgres(options.databaseUrl);
    await migrate(store.db, 'postgres');
    return store;
  }
  const { db, raw } = openSqlite(options.dataDir);
  await migrate(db, 'sqlite');
  return {
    db,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    integrityCheck: async () => {
      const rows = raw.pragma('integrity_check') as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join('; ');
    },
    close: async () => {
      await db.destroy();
    },
  };
}
