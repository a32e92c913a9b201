import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createGroupCommit } from './groupCommit';
import { createStoreHealth, probesAndClose, withHealth } from './health';
import { statementPool } from './pgStatements';
import { readsOnly } from './readAhead';
import { takeRowLocks } from './rowLocks';
import type { Database } from './schema';
import type { Store } from './store';

// bigint (int8) columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Group-commit batches one process commits at once on PostgreSQL (the pool has ten connections). */
const POSTGRES_BATCHES_IN_FLIGHT = 4;

/**
 * Commands in one PostgreSQL batch at most. Each command of a batch runs in a savepoint that
 * writes, so it takes a subtransaction id; a backend keeps 64 of them in shared memory
 * (PGPROC_MAX_CACHED_SUBXIDS). A transaction with more overflows that cache, and until it ends
 * every snapshot on the server (every other batch, both processes) must look its rows up in
 * pg_subtrans: a backlog of commands would slow the very store it waits for.
 */
const POSTGRES_MAX_BATCH = 64;

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
  // The hot path's queries go as named statements, parsed and planned once per connection, and a
  // transaction's BEGIN goes with its first statement (pgStatements.ts).
  const db = new Kysely<Database>({ dialect: withHealth(new PostgresDialect({ pool: statementPool(pool) }), health) });
  // Every command of a batch writes its session's (or device's) rows, and at the batch's end
  // the audit chain's one head row. A batch writing sessions 1 then 2 and another writing 2
  // then 1 deadlocked. Each batch now takes its commands' keys first, in one global order
  // (rowLocks.ts), and the head last, after which it touches only the audit tables: every
  // batch of every process locks in the same order, and only the chain and the commit are
  // serialized. (Taking the head first also ordered them, but ran every batch of every
  // process one at a time for its whole length.)
  // Up to four batches at once, on four of the pool's ten connections: a batch's round trips
  // (a few per command) then overlap another's instead of queueing behind them.
  const commits = createGroupCommit(db, {
    lock: takeRowLocks,
    maxInFlight: POSTGRES_BATCHES_IN_FLIGHT,
    maxBatch: POSTGRES_MAX_BATCH,
    combinedSavepoints: true,
  });
  const readAheadDb = db.withPlugin(readsOnly);
  return {
    db,
    readAhead: async (read) => ({ value: await read(readAheadDb), seen: 0 }),
    durableThrough: async () => {},
    dialect: 'postgres',
    commits,
    health,
    sqlite: null,
    checkpointer: null,
    externalVersion: null,
    ...probesAndClose(db, commits),
    integrityCheck: async () => {
      await sql`select count(*) from session_events`.execute(db);
      return 'ok';
    },
  };
}
