import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../server/store/sqlite';
import { tempDataDir } from '../../support/server';

interface Tables {
  readings: { id: number; value: string };
}

/** Hot statements are prepared once: the SQLite driver reuses the statement prepared for the same SQL. */
describe('SQLite statement cache', () => {
  const handles: BetterSqlite3.Database[] = [];
  afterEach(() => {
    for (const handle of handles.splice(0)) if (handle.open) handle.close();
  });

  /** A real SQLite file whose prepare calls are counted. */
  function counted() {
    const raw = new BetterSqlite3(path.join(tempDataDir(), 'cache.sqlite'));
    handles.push(raw);
    raw.exec('create table readings (id integer primary key, value text not null)');
    const prepared: string[] = [];
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof raw.prepare;
    return { raw, prepared };
  }

  it('a query run many times through Kysely is prepared once, and answers with each call’s own parameters', async () => {
    const { raw, prepared } = counted();
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
    for (let id = 1; id <= 20; id += 1)
      await db
        .insertInto('readings')
        .values({ id, value: `v${id}` })
        .execute();
    const found = [];
    for (let id = 1; id <= 20; id += 1) {
      found.push((await db.selectFrom('readings').select('value').where('id', '=', id).executeTakeFirst())?.value);
    }
    expect(found).toEqual(Array.from({ length: 20 }, (_, index) => `v${index + 1}`));
    expect(prepared.filter((sql) => sql.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((sql) => sql.startsWith('select'))).toHaveLength(1);
    await db.destroy();
  });

  it('a statement still being iterated is not handed out again; the least recently used is dropped beyond the limit', () => {
    const { raw, prepared } = counted();
    raw.exec("insert into readings (id, value) values (1, 'a'), (2, 'b')");
    const cache = withStatementCache(raw, 2);
    const all = 'select value from readings order by id';
    const iterating = cache.prepare(all);
    const rows = iterating.iterate([]);
    rows.next();
    // Busy: a second caller gets a statement of its own, which works while the first iterates.
    const meanwhile = cache.prepare(all);
    expect(meanwhile).not.toBe(iterating);
    expect(meanwhile.all([])).toEqual([{ value: 'a' }, { value: 'b' }]);
    rows.return?.();
    expect(cache.prepare(all)).toBe(iterating);

    const one = 'select value from readings where id = 1';
    const two = 'select value from readings where id = 2';
    cache.prepare(one);
    cache.prepare(two); // three statements for a limit of two: `all` (least recently used) is dropped
    const before = prepared.length;
    cache.prepare(one);
    cache.prepare(two);
    expect(prepared.length).toBe(before);
    cache.prepare(all);
    expect(prepared.length).toBe(before + 1);
  });
});
