import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { preparedQuery } from '../../../server/store/preparedQuery';
import { DIALECTS, storesPerTest } from '../../support/stores';

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
  const stores = storesPerTest('prepared');

  for (const dialect of DIALECTS) {
    it(`${dialect}: run with each call's parameters, outside and inside a transaction`, async () => {
      const store = await stores.open(dialect);
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
    const store = await stores.open('sqlite');
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
