import { afterAll, afterEach } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../../server/store/store';
import { dropPostgres, freshPostgres } from './postgres';
import { tempDataDir } from './server';

/** The stores Vigil runs on: a test that must hold on both loops over this. */
export const DIALECTS = ['sqlite', 'postgres'] as const satisfies readonly Store['dialect'][];
export type Dialect = (typeof DIALECTS)[number];

/** Where a store keeps its data: SQLite's folder, or a PostgreSQL database (`openStore` then leaves the folder alone). */
export type StorePlace = Pick<StoreOptions, 'dataDir' | 'databaseUrl'>;

/**
 * Stores a test opens (`open`), each closed after the test, and the places they keep their data
 * (`place`): a fresh temp folder, and on PostgreSQL a fresh database named `vigil_<prefix>_…`,
 * dropped after the describe's tests. Call it at describe level; where the describe closes
 * something its stores need (a relay, a server on the same file), call it after registering that
 * hook: after-each hooks run last-registered first, so the stores close before it.
 */
export function storesPerTest(prefix = 'stores') {
  const opened = new Set<Store>();
  const databases: string[] = [];
  afterEach(async () => {
    for (const store of [...opened]) await store.close();
  });
  afterAll(() => dropPostgres(databases));

  /** A fresh place for a store of `dialect`; give it to `open` twice to reopen it, or to a server to share it. */
  function place(dialect: 'postgres'): Promise<{ dataDir: string; databaseUrl: string }>;
  function place(dialect: Dialect): Promise<StorePlace>;
  async function place(dialect: Dialect): Promise<StorePlace> {
    return { dataDir: tempDataDir(), databaseUrl: dialect === 'postgres' ? await freshPostgres(databases, prefix) : null };
  }

  /** A store at a fresh place of `dialect`, or at `at`, with any other `openStore` option (a held fsync). */
  async function open(at: Dialect | StorePlace, options: Omit<StoreOptions, keyof StorePlace> = {}): Promise<Store> {
    const store = await openStore({ ...(typeof at === 'string' ? await place(at) : at), ...options });
    const close = store.close;
    // A store the test closed (to reopen its place, or to see the close fail) is not closed again after it.
    store.close = () => {
      opened.delete(store);
      return close();
    };
    opened.add(store);
    return store;
  }

  return { place, open };
}
