import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * The SQL text of every query compiled by `preparedQuery`, with the name its statement takes on
 * PostgreSQL (`pgStatements.ts`): these, and only these, go as named statements. One entry per
 * query of the code (and dialect), never more. A query built each time (an `in (...)` list of any
 * length) stays unnamed: naming it would leave a statement on each connection for every shape it
 * ever took.
 */
const statementNames = new Map<string, string>();

/** The statement name of a `preparedQuery` text (the same on every process); undefined for any other query. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

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
 * itself is prepared once too: per SQLite connection (`withStatementCache` in sqlite.ts) and per
 * PostgreSQL connection (a named statement, `pgStatements.ts`).
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
    statementNames.set(query.sql, `vigil_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`);
    return compiled;
  };
  return async (db, params) => {
    const { query, slots } = compile(db);
    const parameters = slots.map((slot, index) => (slot === null ? query.parameters[index] : params[slot]));
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  };
}
