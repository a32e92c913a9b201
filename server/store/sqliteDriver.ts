import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';
import { isPlainRead, READ_AHEAD_READS_ONLY } from './readAhead';
import type { WalSync } from './walSync';

/**
 * SQLite with a writer and a reader connection. Kysely's own driver has one connection that a
 * transaction holds until it commits, so with group commit every plain read (a command-id
 * lookup, a room's running session) would wait for the batch's fsync. In WAL mode a second
 * connection reads the last committed state without waiting: plain SELECTs outside a transaction
 * go there; a transaction and every write outside one take the writer, one at a time.
 * (Reading on the writer between transactions, whose page cache outlives its own commits while
 * any commit empties the reader's, cut each lookup by about 30%, some 20 µs a reading; on a quiet
 * machine two scale runs each way differed by no more than run to run, so the reader stays.
 * Tried 2026-12-01.)
 *
 * The writer commits without syncing (`synchronous=NORMAL`) and `WalSync` syncs the WAL off the
 * event loop: a commit resolves, and a write outside a transaction returns, only once it is on
 * disk; a read returns only once everything it could see is on disk (so nothing not yet durable
 * is ever answered, acknowledged again as a duplicate, or shown). The writer is let go as soon as
 * its COMMIT is written, so the next transaction can begin while the sync runs.
 */
export class SplitSqliteDialect extends SqliteDialect {
  readonly #writer: SqliteDatabase;
  readonly #reader: SqliteDatabase;
  /** `writerInTransaction`: SQLite rolls back by itself on a full disk; a ROLLBACK after that would hide the real error. */
  readonly #writerInTransaction: () => boolean;

  readonly #walSync: WalSync;
  /** Runs before the connections close (the checkpoint thread lets go of the file first). */
  readonly #beforeClose: () => Promise<void>;
  readonly #lock = new WriterLock();

  constructor(
    writer: SqliteDatabase,
    reader: SqliteDatabase,
    writerInTransaction: () => boolean,
    walSync: WalSync,
    beforeClose: () => Promise<void> = async () => {},
  ) {
    super({ database: writer });
    this.#writer = writer;
    this.#reader = reader;
    this.#writerInTransaction = writerInTransaction;
    this.#walSync = walSync;
    this.#beforeClose = beforeClose;
  }

  override createDriver(): Driver {
    return new SplitSqliteDriver(this.#writer, this.#reader, this.#lock, this.#writerInTransaction, this.#walSync, this.#beforeClose);
  }

  /** Runs `work` with the writer held between transactions: none begins, nor any write outside one, until it ends. */
  async holdWriter<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

function run<R>(database: SqliteDatabase, query: CompiledQuery): QueryResult<R> {
  const statement = database.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** The writer, one holder at a time, in arrival order. */
class WriterLock {
  #tail: Promise<void> = Promise.resolve();
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

class SplitConnection implements DatabaseConnection {
  /** Set while this connection runs a transaction on the writer. */
  release: (() => void) | null = null;

  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
    private readonly lock: WriterLock,
    private readonly walSync: WalSync,
    private readonly writerInTransaction: () => boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction: its commit waits for the sync that covers all it saw.
    if (this.release) return run<R>(this.writer, query);
    if (isPlainRead(query)) {
      const seen = this.walSync.latest();
      const result = run<R>(this.reader, query);
      await this.walSync.durable(seen);
      return result;
    }
    // A write outside a transaction must not land inside another caller's open transaction.
    const release = await this.lock.acquire();
    let written: number | null = null;
    let result: QueryResult<R>;
    try {
      result = run<R>(this.writer, query);
      if (!this.writerInTransaction()) written = this.walSync.committed();
    } finally {
      release();
    }
    if (written !== null) await this.walSync.durable(written);
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const statement = (this.release ? this.writer : this.reader).prepare(query.sql);
    // The read's snapshot is taken at its first row, with no await in between: nothing newer than `seen`.
    const seen = this.walSync.latest();
    let first = true;
    for (const row of statement.iterate(query.parameters)) {
      if (first && !this.release) await this.walSync.durable(seen);
      first = false;
      yield { rows: [row as R] };
    }
  }
}

class SplitSqliteDriver implements Driver {
  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
    private readonly lock: WriterLock,
    private readonly writerInTransaction: () => boolean,
    private readonly walSync: WalSync,
    private readonly beforeClose: () => Promise<void>,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this.writer, this.reader, this.lock, this.walSync, this.writerInTransaction);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const split = connection as SplitConnection;
    const release = await this.lock.acquire();
    try {
      run(this.writer, CompiledQuery.raw('begin'));
    } catch (error) {
      release();
      throw error;
    }
    split.release = release;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // On failure the transaction stays open: Kysely rolls it back next, which lets the writer go.
    run(this.writer, CompiledQuery.raw('commit'));
    const committed = this.walSync.committed();
    // The next transaction may begin while this one's sync runs; this one resolves only once it is on disk
    // (a failed sync rejects it: Kysely's rollback then finds nothing open and only lets go, again).
    this.#letGo(connection as SplitConnection);
    await this.walSync.durable(committed);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      if (this.writerInTransaction()) run(this.writer, CompiledQuery.raw('rollback'));
    } finally {
      this.#letGo(connection as SplitConnection);
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A transaction never ended (cannot happen through Kysely, but the writer must never stay held).
    this.#letGo(connection as SplitConnection);
  }

  async destroy(): Promise<void> {
    await this.beforeClose();
    this.reader.close();
    this.writer.close();
    this.walSync.close();
  }

  #letGo(connection: SplitConnection) {
    const release = connection.release;
    connection.release = null;
    release?.();
  }
}

/**
 * `store.readAhead` on SQLite: plain reads on the reader connection that do not wait for the
 * WAL's sync, so they may see a commit not yet on disk. Only for reads that decide what the
 * caller then commits and waits for (an HL7 reading's device, its room's open session, whether
 * it is stored already): WAL commits reach the disk in order, so the sync that makes the
 * caller's own commit durable makes everything those reads saw durable too, and the answer
 * follows it. Under load a sync is nearly always running, and the reads of `store.db` each wait
 * for it: an HL7 reading's two lookups each waited for it before the reading could join a batch.
 * Anything but a plain read is refused here (writes take the writer's lock in the main driver).
 */
export class ReadAheadSqliteDialect extends SqliteDialect {
  readonly #reader: SqliteDatabase;

  constructor(reader: SqliteDatabase) {
    super({ database: reader });
    this.#reader = reader;
  }

  override createDriver(): Driver {
    return new ReadAheadDriver(this.#reader);
  }
}

class ReadAheadConnection implements DatabaseConnection {
  constructor(private readonly reader: SqliteDatabase) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!isPlainRead(query)) throw new Error(READ_AHEAD_READS_ONLY);
    return run<R>(this.reader, query);
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('store.readAhead does not stream: read through store.db');
  }
}

class ReadAheadDriver implements Driver {
  constructor(private readonly reader: SqliteDatabase) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ReadAheadConnection(this.reader);
  }

  async beginTransaction(): Promise<void> {
    throw new Error('store.readAhead has no transactions: use store.commits');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  /** The connection is the main driver's: it closes it. */
  async destroy(): Promise<void> {}
}
