import type { Kysely } from 'kysely';
import { addMissingColumns, createTable, notNull, notNullReferences, primaryKey } from './tableSpecs';

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
  await createTable(db, 'devices', [
    ['device_id', 'text', primaryKey],
    ['name', 'text', notNull],
    ['room_id', 'text', (c) => c.references('rooms.room_id')],
    ['kind', 'text', notNull],
    ['secret_hash', 'text'],
    ['created_at', 'bigint', notNull],
    ['last_message_at', 'bigint'],
    ['last_error', 'text'],
    ['last_error_at', 'bigint'],
    ['dropped_note', 'text'],
    ['dropped_at', 'bigint'],
  ]);
  await createTable(db, 'unassigned_readings', [
    ['reading_id', 'text', primaryKey],
    ['device_id', 'text', notNullReferences('devices.device_id')],
    ['room_id', 'text'],
    ['observed_at', 'bigint', notNull],
    ['received_at', 'bigint', notNull],
    ['vitals_json', 'text', notNull],
    ['reason', 'text', notNull],
    ['assigned_session_id', 'text'],
    ['assigned_at', 'bigint'],
    ['assigned_by', 'text'],
  ]);
  await db.schema
    .createIndex('unassigned_readings_open')
    .ifNotExists()
    .on('unassigned_readings')
    .columns(['assigned_session_id', 'received_at'])
    .execute();
  // Columns added after the first release: a registry from before gets them, its devices approved
  // but unbound (refused until an admin sets where they send from).
  await addMissingColumns(db, 'devices', [
    ['approval', 'text', (c) => c.notNull().defaultTo('approved')],
    ['addresses', 'text'],
    ['certificate', 'text'],
    ['first_address', 'text'],
    ['last_source', 'text'],
    ['record_id', 'text'],
  ]);
  await addMissingColumns(db, 'unassigned_readings', [['source', 'text']]);
}
