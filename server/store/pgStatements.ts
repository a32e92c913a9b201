import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { preparedStatementName } from './preparedQuery';

/** PostgreSQL's "cached plan must not change result type": a `select *` statement outlived a column added to its table. */
const PLAN_RESULT_TYPE_CHANGED = '0A000';

/**
 * The pool as Kysely's PostgresDialect uses it, with each connection sending the hot path's
 * queries (`preparedQuery`) as named statements: PostgreSQL parses and plans each once per
 * connection and then only binds and runs it, where an unnamed statement (what `pg` sends by
 * default) is parsed and planned again at every execution, and `pg` sends its text each time.
 * Every other query goes as before. A statement lives as long as its connection: one the pool
 * replaces (dropped, timed out idle) starts empty, and `pg` prepares again on first use there.
 */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let naming = clients.get(client);
      // The same wrapper each time for the same connection: Kysely keys its connections by it.
      if (!naming) clients.set(client, (naming = namingClient(client)));
      return naming;
    },
    end: () => pool.end(),
  };
}

function namingClient(client: pg.PoolClient): PostgresPoolClient {
  /**
   * Bumped when a named statement's result type no longer matches its table (a newer process
   * added a column during a rolling upgrade): that execution fails, as PostgreSQL answers, and
   * the next one prepares the statements again under new names on this connection.
   */
  let generation = 0;
  const query = async (text: string, values: readonly unknown[]) => {
    const base = preparedStatementName(text);
    if (base === undefined) return client.query(text, values as unknown[]);
    try {
      return await client.query({ name: generation === 0 ? base : `${base}_${generation}`, text, values: values as unknown[] });
    } catch (error) {
      if ((error as { code?: unknown }).code === PLAN_RESULT_TYPE_CHANGED) generation += 1;
      throw error;
    }
  };
  return {
    // A cursor (Kysely's streamQuery) is passed through as it is.
    query: ((textOrCursor: string | object, values?: readonly unknown[]) =>
      typeof textOrCursor === 'string'
        ? query(textOrCursor, values ?? [])
        : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  };
}
