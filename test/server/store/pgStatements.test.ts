import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findDevice, findDeviceBinding, insertDevice, newDeviceRow } from '../../../server/store/devices';
import type { Database } from '../../../server/store/schema';
import { DATABASE_URL } from '../../support/postgres';
import { storesPerTest } from '../../support/stores';

/** The named statements prepared on the connection `db` runs on (PostgreSQL keeps them per connection). */
async function preparedOn(db: Kysely<Database>): Promise<{ name: string; statement: string }[]> {
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(
    db,
  );
  return rows;
}

/**
 * On PostgreSQL the hot path's queries (preparedQuery) go as named statements: parsed and planned
 * once per connection instead of at every execution. Statements live with their connection, so
 * a connection PostgreSQL drops must be reported as before and its replacement prepare them again.
 */
describe('PostgreSQL named statements', () => {
  const stores = storesPerTest('statements');

  async function open() {
    const place = await stores.place('postgres');
    const store = await stores.open(place);
    await insertDevice(store.db, newDeviceRow({ deviceId: 'MON-1', name: 'Monitor 1', roomId: null, kind: 'hl7' }, Date.now()));
    return { store, databaseUrl: place.databaseUrl, database: new URL(place.databaseUrl).pathname.slice(1) };
  }

  /** A connection of its own, not the store's (to the PostgreSQL server's own database by default). */
  async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>, connectionString = DATABASE_URL): Promise<T> {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.end();
    }
  }

  it('a hot query is prepared once by name on its connection and answers each call; a query built each time is not named', async () => {
    const { store } = await open();
    const prepared = await store.db.connection().execute(async (db) => {
      const found = [];
      for (const deviceId of ['MON-1', 'MON-2', 'MON-1']) found.push((await findDeviceBinding(db, deviceId))?.name ?? null);
      expect(found).toEqual(['Monitor 1', null, 'Monitor 1']);
      // An `in (...)` list of any length: left unnamed, or each connection would keep every length it saw.
      await db.selectFrom('devices').select('device_id').where('device_id', 'in', ['MON-1', 'MON-2']).execute();
      return preparedOn(db);
    });
    const binding = prepared.filter((row) => row.statement.includes('from "devices" where "device_id" = $1'));
    expect(binding).toHaveLength(1);
    expect(binding[0]!.name).toMatch(/^vigil_[0-9a-f]{24}$/);
    expect(prepared.filter((row) => row.statement.includes(' in ('))).toEqual([]);
  });

  it('connections PostgreSQL drops are reported, replaced, and the hot queries are prepared again on the new ones', async () => {
    const { store, database } = await open();
    expect(await findDeviceBinding(store.db, 'MON-1')).toMatchObject({ name: 'Monitor 1' });
    // As a restart of PostgreSQL or an admin's pg_terminate_backend looks from Vigil: every connection dropped.
    const terminated = await withAdmin(async (admin) => {
      const { rows } = await admin.query<{ pid: number }>(
        'select pg_terminate_backend(pid), pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      return rows.length;
    });
    expect(terminated).toBeGreaterThan(0);
    await expect.poll(() => store.health.current()?.code).toBe('57P01');

    // The pool opens new connections; the hot statements are prepared there on first use, and a
    // committed write clears the reported problem.
    const prepared = await store.db.connection().execute(async (db) => {
      expect(await findDeviceBinding(db, 'MON-1')).toMatchObject({ name: 'Monitor 1' });
      return preparedOn(db);
    });
    expect(prepared.filter((row) => row.statement.includes('from "devices" where "device_id" = $1'))).toHaveLength(1);
    await store.commits.run((trx) =>
      trx.updateTable('devices').set({ last_message_at: Date.now() }).where('device_id', '=', 'MON-1').execute(),
    );
    expect(store.health.current()).toBeNull();
  });

  it('a BEGIN sent with its transaction’s first statement: what the transaction wrote commits or rolls back with it, and the connection is left outside any transaction', async () => {
    const { store, databaseUrl } = await open();
    const seen = (key: string) =>
      withAdmin(async (other) => (await other.query('select 1 from meta where key = $1', [key])).rowCount === 1, databaseUrl);
    const put = (db: Kysely<Database>, key: string) => sql`insert into meta (key, value) values (${sql.lit(key)}, 'v')`.execute(db);
    await store.db.connection().execute(async (db) => {
      // First statement without parameters (sent with the BEGIN), then committed.
      await db.transaction().execute((trx) => put(trx, 'merged'));
      // First statement a named one (the BEGIN goes before it), then a write, committed.
      await db.transaction().execute(async (trx) => {
        expect(await findDeviceBinding(trx, 'MON-1')).toMatchObject({ name: 'Monitor 1' });
        await put(trx, 'after-named');
      });
      // Rolled back: nothing of it stays.
      await expect(
        db.transaction().execute(async (trx) => {
          await put(trx, 'undone');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await expect(
        db.transaction().execute(async (trx) => {
          await findDeviceBinding(trx, 'MON-1');
          await put(trx, 'undone-after-named');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // The first statement (sent with the BEGIN) fails: the error is its own.
      await expect(db.transaction().execute((trx) => sql`select 1 / 0`.execute(trx))).rejects.toMatchObject({ code: '22012' });
      // Nothing at all, committed and rolled back.
      await db.transaction().execute(async () => undefined);
      await expect(
        db.transaction().execute(async () => {
          throw new Error('nothing to undo');
        }),
      ).rejects.toThrow('nothing to undo');
      // The connection is outside any transaction: a plain write is seen by others at once.
      await put(db, 'autocommitted');
      expect(await seen('autocommitted')).toBe(true);
    });
    expect(await Promise.all(['merged', 'after-named', 'undone', 'undone-after-named'].map(seen))).toEqual([true, true, false, false]);
  });

  it('a column added by a newer process (a rolling upgrade) fails one execution of a `select *` statement, not every one after', async () => {
    const { store, databaseUrl } = await open();
    await store.db.connection().execute(async (db) => {
      expect(await findDevice(db, 'MON-1')).toMatchObject({ name: 'Monitor 1' });
      await withAdmin((other) => other.query('alter table devices add column added_later text'), databaseUrl);
      // PostgreSQL refuses the statement planned for the old columns once ("cached plan must not change result type")...
      await expect(findDevice(db, 'MON-1')).rejects.toMatchObject({ code: '0A000' });
      // ...and the connection prepares it again for the next call.
      expect(await findDevice(db, 'MON-1')).toMatchObject({ name: 'Monitor 1', added_later: null });
    });
  });
});
