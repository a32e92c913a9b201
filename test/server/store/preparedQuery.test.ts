import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { preparedQuery } from '../../../server/store/preparedQuery';
import { openStore, type Store } from '../../../server/store/store';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { tempDataDir } from '../../support/server';

const putQuery = preparedQuery<{ key: string; value: string }, never>(['key', 'value'], (db, p) =>
  db.insertInto('meta').values({ key: p.key, value: p.value }),
);
const keysQuery = preparedQuery<{ prefix: string; limit: number }, { key: string }>(['prefix', 'limit'], (db, p) =>
  // 'like' with a constant of the query's own between the parameters: constants stay where they are.
  db
    .selectFrom('meta')
    .select('key')
    .where('key', 'like', sql<string>`${p.prefix} || ${'%'}`)
    .orderBy('key')
    .limit(p.limit),
);

describe('queries compiled once', () => {
  const stores: Store[] = [];
  const databases: string[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(() => dropPostgres(databases));

  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`${dialect}: run with each call's parameters, outside and inside a transaction`, async () => {
      const databaseUrl = dialect === 'postgres' ? await freshPostgres(databases, 'prepared') : null;
      const store = await openStore({ dataDir: tempDataDir(), databaseUrl });
      stores.push(store);
      for (const key of ['p-a1', 'p-a2', 'p-b1']) await putQuery(store.db, { key, value: key.toUpperCase() });
      await store.commits.run((trx) => putQuery(trx, { key: 'p-a3', value: 'in a batch' }));
      expect((await keysQuery(store.db, { prefix: 'p-a', limit: 10 })).rows.map((row) => row.key)).toEqual(['p-a1', 'p-a2', 'p-a3']);
      expect((await keysQuery(store.db, { prefix: 'p-a', limit: 2 })).rows.map((row) => row.key)).toEqual(['p-a1', 'p-a2']);
      expect((await keysQuery(store.db, { prefix: 'p-b', limit: 10 })).rows.map((row) => row.key)).toEqual(['p-b1']);
      const values = await store.db.selectFrom('meta').select(['key', 'value']).where('key', 'like', 'p-%').orderBy('key').execute();
      expect(values.map((row) => row.value)).toEqual(['P-A1', 'P-A2', 'in a batch', 'P-B1']);
    });
  }

  it('refuses a query that uses a parameter other than once as a value', async () => {
    const store = await openStore({ dataDir: tempDataDir(), databaseUrl: null });
    stores.push(store);
    const unused = preparedQuery<{ key: string }, never>(['key'], (db) => db.selectFrom('meta').selectAll());
    await expect(unused(store.db, { key: 'x' })).rejects.toThrow(/"key" must appear exactly once/);
    const twice = preparedQuery<{ key: string }, never>(['key'], (db, p) =>
      db.selectFrom('meta').selectAll().where('key', '=', p.key).where('value', '=', p.key),
    );
    await expect(twice(store.db, { key: 'x' })).rejects.toThrow(/"key" must appear exactly once/);
    // Written into the SQL text (a column name chosen by the parameter) instead of passed as a value.
    const shape = preparedQuery<{ column: string }, never>(['column'], (db, p) => db.selectFrom('meta').select(sql.ref(p.column).as('x')));
    await expect(shape(store.db, { column: 'key' })).rejects.toThrow(/"column" must appear exactly once/);
  });
});
