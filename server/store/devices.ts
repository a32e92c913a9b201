import type { Kysely, Transaction } from 'kysely';
import { deviceState, type DeviceStatus, type UnassignedReading } from '../../shared/realtime/devicesContract';
import { vitalSetSchema } from '../../shared/vitals/schema';
import type { Database } from './schema';
import type { DeviceRow } from './deviceTables';

type Db = Kysely<Database> | Transaction<Database>;

export function toDeviceStatus(row: DeviceRow, now: number): DeviceStatus {
  const num = (value: number | null) => (value === null ? null : Number(value));
  return {
    deviceId: row.device_id,
    name: row.name,
    roomId: row.room_id,
    kind: row.kind === 'gateway' ? 'gateway' : 'hl7',
    hasKey: row.secret_hash !== null,
    createdAt: Number(row.created_at),
    lastMessageAt: num(row.last_message_at),
    lastError: row.last_error,
    lastErrorAt: num(row.last_error_at),
    droppedNote: row.dropped_note,
    droppedAt: num(row.dropped_at),
    state: deviceState(num(row.last_message_at), now),
  };
}

export async function findDevice(db: Db, deviceId: string): Promise<DeviceRow | null> {
  return (await db.selectFrom('devices').selectAll().where('device_id', '=', deviceId).executeTakeFirst()) ?? null;
}

export async function listDevices(db: Db): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().orderBy('name').orderBy('device_id').execute();
}

/** The row of a device just registered: no key, nothing heard from it yet. */
export function newDeviceRow(device: { deviceId: string; name: string; roomId: string | null; kind: 'hl7' | 'gateway' }, now: number): DeviceRow {
  return {
    device_id: device.deviceId,
    name: device.name,
    room_id: device.roomId,
    kind: device.kind,
    secret_hash: null,
    created_at: now,
    last_message_at: null,
    last_error: null,
    last_error_at: null,
    dropped_note: null,
    dropped_at: null,
  };
}

/** Registers a device first heard from (no room yet: its readings wait in the unassigned list). */
export async function ensureDevice(db: Db, deviceId: string, name: string, kind: 'hl7' | 'gateway', now: number): Promise<DeviceRow> {
  await db
    .insertInto('devices')
    .values(newDeviceRow({ deviceId, name, roomId: null, kind }, now))
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  const row = await findDevice(db, deviceId);
  if (!row) throw new Error(`Device ${deviceId} was not stored`);
  return row;
}

export async function insertDevice(db: Db, row: DeviceRow): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

export async function updateDevice(db: Db, deviceId: string, changes: Partial<Omit<DeviceRow, 'device_id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('devices').set(changes).where('device_id', '=', deviceId).execute();
}

export async function findUnassigned(db: Db, readingId: string) {
  return (await db.selectFrom('unassigned_readings').selectAll().where('reading_id', '=', readingId).executeTakeFirst()) ?? null;
}

/** Keeps a reading that could not go to a session. Idempotent by reading id (a resend stores nothing). */
export async function insertUnassigned(
  db: Db,
  reading: { readingId: string; deviceId: string; roomId: string | null; observedAt: number; receivedAt: number; vitals: object; reason: string },
): Promise<boolean> {
  const result = await db
    .insertInto('unassigned_readings')
    .values({
      reading_id: reading.readingId,
      device_id: reading.deviceId,
      room_id: reading.roomId,
      observed_at: reading.observedAt,
      received_at: reading.receivedAt,
      vitals_json: JSON.stringify(reading.vitals),
      reason: reading.reason,
      assigned_session_id: null,
      assigned_at: null,
      assigned_by: null,
    })
    .onConflict((oc) => oc.column('reading_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markAssigned(db: Db, readingId: string, sessionId: string, at: number, by: string): Promise<void> {
  await db
    .updateTable('unassigned_readings')
    .set({ assigned_session_id: sessionId, assigned_at: at, assigned_by: by })
    .where('reading_id', '=', readingId)
    .execute();
}

/** Readings still waiting for a session, newest first. */
export async function listUnassigned(db: Db, limit = 500): Promise<UnassignedReading[]> {
  const rows = await db
    .selectFrom('unassigned_readings')
    .innerJoin('devices', 'devices.device_id', 'unassigned_readings.device_id')
    .selectAll('unassigned_readings')
    .select('devices.name as device_name')
    .where('assigned_session_id', 'is', null)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    readingId: row.reading_id,
    deviceId: row.device_id,
    deviceName: row.device_name,
    roomId: row.room_id,
    observedAt: Number(row.observed_at),
    receivedAt: Number(row.received_at),
    vitals: vitalSetSchema.parse(JSON.parse(row.vitals_json)),
    reason: row.reason,
  }));
}
