import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';

/**
 * SQLite with a writer and a reader connection. Kysely's own driver has one connection that a
 * transaction holds until it commits, so with group commit every plain read (a command-id
 * lookup, a room's running session) would wait for the batch's fsync. In WAL mode a second
 * connection reads the last committed state without waiting: plain SELECTs outside a transaction
 * go there; a transaction and every write outside one take the writer, one at a time.
 */
export class SplitSqliteDialect extends SqliteDialect {
  readonly #writer: SqliteDatabase;
  readonly #reader: SqliteDatabase;
  /** `writerInTransaction`: SQLite rolls back by itself on a full disk; a ROLLBACK after that would hide the real error. */
  readonly #writerInTransaction: () => boolean;

  constructor(writer: SqliteDatabase, reader: SqliteDatabase, writerInTransaction: () => boolean) {
    super({ database: writer });
    this.#writer = writer;
    this.#reader = reader;
    this.#writerInTransaction = writerInTransaction;
  }

  override createDriver(): Driver {
    return new SplitSqliteDriver(this.#writer, this.#reader, this.#writerInTransaction);
  }
}

const READ_ONLY_RAW = /^\s*select\b/i;

function isPlainRead(query: CompiledQuery): boolean {
  return SelectQueryNode.is(query.query) || (query.query.kind === 'RawNode' && READ_ONLY_RAW.test(query.sql));
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
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release) return run<R>(this.writer, query);
    if (isPlainRead(query)) return run<R>(this.reader, query);
    // A write outside a transaction must not land inside another caller's open transaction.
    const release = await this.lock.acquire();
    try {
      return run<R>(this.writer, query);
    } finally {
      release();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const statement = (this.release ? this.writer : this.reader).prepare(query.sql);
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] };
  }
}

class SplitSqliteDriver implements Driver {
  readonly #lock = new WriterLock();

  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
    private readonly writerInTransaction: () => boolean,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this.writer, this.reader, this.#lock);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const split = connection as SplitConnection;
    const release = await this.#lock.acquire();
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
    this.#letGo(connection as SplitConnection);
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
    this.reader.close();
    this.writer.close();
  }

  #letGo(connection: SplitConnection) {
    const release = connection.release;
    connection.release = null;
    release?.();
  }
}
