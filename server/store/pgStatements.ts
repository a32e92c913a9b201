import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { preparedStatementName } from './preparedQuery';

/** PostgreSQL's "cached plan must not change result type": a `select *` statement outlived a column added to its table. */
const PLAN_RESULT_TYPE_CHANGED = '0A000';

/**
 * The pool as Kysely's PostgresDialect uses it, with each connection saving PostgreSQL work and
 * round trips, and nothing else changed:
 * - the hot path's queries (`preparedQuery`) go as named statements: PostgreSQL parses and plans
 *   each once per connection and then only binds and runs it, where an unnamed statement (what
 *   `pg` sends by default) is parsed and planned again at every execution, and `pg` sends its
 *   text each time. Every other query goes as before. A statement lives as long as its
 *   connection: one the pool replaces (dropped, timed out idle) starts empty, and `pg` prepares
 *   again on first use there.
 * - a transaction's BEGIN waits for its first statement and goes with it in one message when that
 *   statement has no parameters (a group commit's locks, `rowLocks.ts`): one round trip per batch.
 */
export function statementPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      // The same wrapper each time for the same connection: Kysely keys its connections by it.
      if (!wrapped) clients.set(client, (wrapped = statementClient(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/** What Kysely's PostgresDriver sends to open a transaction (without isolation settings). */
const BEGIN = 'begin';
/** The answer to a statement not sent (a BEGIN waiting, a ROLLBACK of a transaction that ran nothing). */
const unsent = (command: string) => ({ command, rowCount: null, rows: [], fields: [] });

function statementClient(client: pg.PoolClient): PostgresPoolClient {
  /**
   * Bumped when a named statement's result type no longer matches its table (a newer process
   * added a column during a rolling upgrade): that execution fails, as PostgreSQL answers, and
   * the next one prepares the statements again under new names on this connection.
   */
  let generation = 0;
  /** A BEGIN Kysely sent that has not gone to PostgreSQL yet. */
  let beginWaiting = false;

  const named = async (name: string, text: string, values: readonly unknown[]) => {
    try {
      return await client.query({ name: generation === 0 ? name : `${name}_${generation}`, text, values: values as unknown[] });
    } catch (error) {
      if ((error as { code?: unknown }).code === PLAN_RESULT_TYPE_CHANGED) generation += 1;
      throw error;
    }
  };

  const query = async (text: string, values: readonly unknown[]) => {
    if (text === BEGIN && values.length === 0 && !beginWaiting) {
      beginWaiting = true;
      return unsent('BEGIN');
    }
    const begin = beginWaiting;
    beginWaiting = false;
    // A transaction that ran nothing: rolled back, nothing was ever sent.
    if (begin && text === 'rollback') return unsent('ROLLBACK');
    const name = preparedStatementName(text);
    if (begin && name === undefined && values.length === 0) {
      // One simple query of two statements: pg answers each; the caller's is the last.
      const results = (await client.query(`${BEGIN}; ${text}`)) as unknown as pg.QueryResult[];
      return results[results.length - 1]!;
    }
    if (begin) await client.query(BEGIN);
    return name === undefined ? client.query(text, values as unknown[]) : named(name, text, values);
  };

  return {
    // A cursor (Kysely's streamQuery) is passed through as it is.
    query: ((textOrCursor: string | object, values?: readonly unknown[]) =>
      typeof textOrCursor === 'string'
        ? query(textOrCursor, values ?? [])
        : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
    release: () => {
      beginWaiting = false;
      client.release();
    },
  };
}
