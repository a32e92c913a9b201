import type { Kysely } from 'kysely';

/**
 * The device registry's tables (kept here with the device code; `server/store/schema.ts` and
 * `migrate.ts` include them). Times are epoch ms of the server clock.
 */
export interface DeviceRow {
  /** OBX-18 EUI-64, else MSH-3 sending application, else the gateway device id chosen by the admin. */
  device_id: string;
  name: string;
  room_id: string | null;
  /** 'hl7' (found by a message) or 'gateway' (created by the admin, with a key). */
  kind: string;
  /** SHA-256 of the gateway key; the key itself is shown once and never stored. */
  secret_hash: string | null;
  created_at: number;
  last_message_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  /** The last message's dropped values (sentinels, implausible values), one line. */
  dropped_note: string | null;
  dropped_at: number | null;
  /** 'approved' (registered by an admin, or approved), 'pending' (found by a message), 'rejected'. */
  approval: string;
  /** Addresses and CIDR ranges an HL7 monitor may send from, comma-separated; null: none. */
  addresses: string | null;
  /** The TLS client certificate an HL7 monitor must present: `AB:CD:..` fingerprint or `CN=name`. */
  certificate: string | null;
  /** Where a device waiting for approval first sent from. */
  first_address: string | null;
  /** Where its last accepted message came from (address, and certificate when TLS). */
  last_source: string | null;
  /**
   * How the record names the device (a reading's actor): random, so sessions, boards and exports
   * never carry the id a monitor sends, which only admins see. Null for a device registered
   * before this column: its readings keep the id they already carry.
   */
  record_id: string | null;
}

/** Readings from a device with no room, or a room with no open session: kept, listed, assignable later. */
export interface UnassignedReadingRow {
  /** The reading's command id: a resend finds it here, and assignment stores it under the same id. */
  reading_id: string;
  device_id: string;
  room_id: string | null;
  observed_at: number;
  received_at: number;
  vitals_json: string;
  reason: string;
  /** Where it came from (address, certificate or gateway key), kept for the record when it is assigned. */
  source: string | null;
  assigned_session_id: string | null;
  assigned_at: number | null;
  assigned_by: string | null;
}

export interface DeviceTables {
  devices: DeviceRow;
  unassigned_readings: UnassignedReadingRow;
}

/** Creates the device tables if missing (portable types, as the rest of the store). */
export async function migrateDevices<DB extends DeviceTables>(database: Kysely<DB>): Promise<void> {
  const db = database as unknown as Kysely<DeviceTables>;
  await db.schema
    .createTable('devices')
    .ifNotExists()
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.references('rooms.room_id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'bigint')
    .addColumn('dropped_note', 'text')
    .addColumn('dropped_at', 'bigint')
    .execute();
  await db.schema
    .createTable('unassigned_readings')
    .ifNotExists()
    .addColumn('reading_id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.device_id'))
    .addColumn('room_id', 'text')
    .addColumn('observed_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('vitals_json', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('assigned_session_id', 'text')
    .addColumn('assigned_at', 'bigint')
    .addColumn('assigned_by', 'text')
    .execute();
  await db.schema
    .createIndex('unassigned_readings_open')
    .ifNotExists()
    .on('unassigned_readings')
    .columns(['assigned_session_id', 'received_at'])
    .execute();
  await addBindingColumns(database);
}

/**
 * Columns added after the first release: a registry from before gets them, its devices approved
 * but unbound (refused until an admin sets where they send from).
 */
async function addBindingColumns<DB extends DeviceTables>(database: Kysely<DB>): Promise<void> {
  const db = database as unknown as Kysely<DeviceTables>;
  const tables = await database.introspection.getTables();
  const has = (table: string, column: string) => tables.find((t) => t.name === table)?.columns.some((c) => c.name === column) ?? false;
  const added: [keyof DeviceTables, string, boolean][] = [
    ['devices', 'approval', true],
    ['devices', 'addresses', false],
    ['devices', 'certificate', false],
    ['devices', 'first_address', false],
    ['devices', 'last_source', false],
    ['devices', 'record_id', false],
    ['unassigned_readings', 'source', false],
  ];
  for (const [table, column, approval] of added) {
    if (has(table, column)) continue;
    await db.schema
      .alterTable(table)
      .addColumn(column, 'text', (c) => (approval ? c.notNull().defaultTo('approved') : c))
      .execute();
  }
}
