import type { ColumnDefinitionBuilder, DatabaseIntrospector, Kysely } from 'kysely';

/**
 * The migrations' tables as data: a column is its name, its portable type (the same on SQLite and
 * PostgreSQL) and its constraints, built as Kysely's schema builder builds them, in order, so
 * the SQL each emits is the SQL the migrations always emitted.
 */
export type ColumnSpec = readonly [
  name: string,
  type: 'text' | 'integer' | 'bigint' | 'bigserial',
  constraints?: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
];

export const primaryKey = (column: ColumnDefinitionBuilder) => column.primaryKey();
export const notNull = (column: ColumnDefinitionBuilder) => column.notNull();
/** A required reference to another table's key (`'rooms.room_id'`). */
export const notNullReferences = (target: string) => (column: ColumnDefinitionBuilder) => column.notNull().references(target);

/** CREATE TABLE IF NOT EXISTS, with its columns and, when given, a composite primary key. */
export async function createTable<DB>(
  db: Kysely<DB>,
  table: string,
  columns: readonly ColumnSpec[],
  compositeKey?: { name: string; columns: string[] },
): Promise<void> {
  let builder = db.schema.createTable(table).ifNotExists();
  for (const [name, type, constraints] of columns) builder = builder.addColumn(name, type, constraints);
  if (compositeKey) builder = builder.addPrimaryKeyConstraint(compositeKey.name, compositeKey.columns as never);
  await builder.execute();
}

/** The columns a table has in the live schema (none when it does not exist). */
export async function columnsOf(db: { introspection: DatabaseIntrospector }, table: string): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  return new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
}

/** ALTER TABLE ... ADD COLUMN for each column a store made before it existed lacks (read from the live schema). */
export async function addMissingColumns<DB>(db: Kysely<DB>, table: string, columns: readonly ColumnSpec[]): Promise<void> {
  const existing = await columnsOf(db, table);
  for (const [name, type, constraints] of columns) {
    if (existing.has(name)) continue;
    await db.schema.alterTable(table).addColumn(name, type, constraints).execute();
  }
}

/**
 * An append-only event log (session_events, patient_events): keyed by its owner and a seq, each
 * row the event's type, payload, times (`timeColumns`, epoch ms) and actor, with a command id
 * that is stored once. Columns in the order the tables were first made.
 */
export async function createEventLog<DB>(
  db: Kysely<DB>,
  table: string,
  owner: { column: string; references: string },
  timeColumns: readonly string[],
): Promise<void> {
  await createTable(
    db,
    table,
    [
      [owner.column, 'text', notNullReferences(owner.references)],
      ['seq', 'integer', notNull],
      ['type', 'text', notNull],
      ['payload_json', 'text', notNull],
      ...timeColumns.map((name): ColumnSpec => [name, 'bigint', notNull]),
      ['actor_json', 'text', notNull],
      ['command_id', 'text', (c) => c.notNull().unique()],
    ],
    { name: `${table}_pk`, columns: [owner.column, 'seq'] },
  );
}
