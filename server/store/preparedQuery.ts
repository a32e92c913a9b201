import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A query compiled once per dialect, and where each named parameter goes in its parameter list. */
interface Compiled {
  query: CompiledQuery;
  /** For each of the compiled parameters: the name it is filled from, or null (a constant of the query itself). */
  slots: (string | null)[];
}

/**
 * A query of the hot path (every reading runs it several times), built and compiled by Kysely
 * once per dialect and then run with new parameters: building and compiling a query cost more
 * than SQLite takes to run it (a tenth of the server's time at clinic scale). The statement
 * itself is prepared once too (`withStatementCache` in sqlite.ts; `pg` sends it as before).
 *
 * `build` gets stand-ins for the parameters and must use each exactly as a value (a `where`
 * operand, a `set` or `values` field, a `limit`): never to choose the query's shape, since the
 * shape is built only once. A stand-in Kysely writes into the SQL text itself, or drops, is
 * refused at the first use.
 */
export function preparedQuery<P extends Record<string, unknown>, R>(
  names: readonly (keyof P & string)[],
  build: (db: Db, params: P) => Compilable<R>,
): (db: Db, params: P) => Promise<QueryResult<R>> {
  // Keyed by the dialect's adapter, which a Kysely instance shares with its transactions.
  const byAdapter = new WeakMap<object, Compiled>();
  const compile = (db: Db): Compiled => {
    const adapter = db.getExecutor().adapter;
    const known = byAdapter.get(adapter);
    if (known) return known;
    const standIns = Object.fromEntries(names.map((name) => [name, `\u0000vigil:param:${name}\u0000`]));
    const query = build(db, standIns as P).compile();
    const slots = query.parameters.map((value) => names.find((name) => standIns[name] === value) ?? null);
    for (const name of names) {
      if (slots.filter((slot) => slot === name).length !== 1 || query.sql.includes(standIns[name]!)) {
        throw new Error(`preparedQuery: the parameter "${name}" must appear exactly once, as a value (${query.sql})`);
      }
    }
    const compiled = { query, slots };
    byAdapter.set(adapter, compiled);
    return compiled;
  };
  return async (db, params) => {
    const { query, slots } = compile(db);
    const parameters = slots.map((slot, index) => (slot === null ? query.parameters[index] : params[slot]));
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  };
}
