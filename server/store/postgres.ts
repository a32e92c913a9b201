import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createGroupCommit } from './groupCommit';
import { createStoreHealth, probeWrite, withHealth } from './health';
import type { Database } from './schema';
import type { Store } from './store';

// bigint (int8) columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** The PostgreSQL store, used when DATABASE_URL is set. Same tables and queries as SQLite. */
export async function openPostgres(databaseUrl: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const health = createStoreHealth();
  // An idle pooled connection that dies (PostgreSQL restarted, network cut) is reported here;
  // without a listener, pg re-throws it as an unhandled 'error' event and the process exits.
  pool.on('error', (error) => health.recordFailure(error));
  // The same for a connection that dies while checked out (inside a transaction, between its
  // queries): pg emits it on the client, where no listener would end the process too. The
  // query in progress fails on its own and the pool replaces the connection.
  pool.on('connect', (client) => client.on('error', (error) => health.recordFailure(error)));
  const db = new Kysely<Database>({ dialect: withHealth(new PostgresDialect({ pool }), health) });
  const commits = createGroupCommit(db);
  return {
    db,
    dialect: 'postgres',
    commits,
    health,
    sqlite: null,
    probeWrite: () => probeWrite(db),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    integrityCheck: async () => {
      await sql`select count(*) from session_events`.execute(db);
      return 'ok';
    },
    close: async () => {
      await commits.settled();
      await db.destroy();
    },
  };
}
