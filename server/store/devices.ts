import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { deviceState, type DeviceStatus, type UnassignedReading } from '../../shared/realtime/devicesContract';
import type { DeviceApproval, DeviceBinding, DeviceSecurityEvent } from '../../shared/devices/binding';
import { vitalSetSchema } from '../../shared/vitals/schema';
import { preparedQuery } from './preparedQuery';
import type { Database } from './schema';
import { numberOrNull } from './columns';
import type { DeviceRow } from './deviceTables';

type Db = Kysely<Database> | Transaction<Database>;

export function toDeviceStatus(row: DeviceRow, now: number): DeviceStatus {
  return {
    deviceId: row.device_id,
    name: row.name,
    roomId: row.room_id,
    kind: row.kind === 'gateway' ? 'gateway' : 'hl7',
    hasKey: row.secret_hash !== null,
    createdAt: Number(row.created_at),
    lastMessageAt: numberOrNull(row.last_message_at),
    lastError: row.last_error,
    lastErrorAt: numberOrNull(row.last_error_at),
    droppedNote: row.dropped_note,
    droppedAt: numberOrNull(row.dropped_at),
    state: deviceState(numberOrNull(row.last_message_at), now),
    approval: approvalOf(row),
    addresses: addressesOf(row),
    certificate: row.certificate,
    firstAddress: row.first_address,
    lastSource: row.last_source,
  };
}

function approvalOf(row: Pick<DeviceRow, 'approval'>): DeviceApproval {
  return row.approval === 'pending' || row.approval === 'rejected' ? row.approval : 'approved';
}

function addressesOf(row: Pick<DeviceRow, 'addresses'>): string[] {
  return row.addresses ? row.addresses.split(',').filter(Boolean) : [];
}

export function bindingOf(row: DeviceBindingRow): DeviceBinding {
  return {
    kind: row.kind === 'gateway' ? 'gateway' : 'hl7',
    approval: approvalOf(row),
    addresses: addressesOf(row),
    certificate: row.certificate,
    firstAddress: row.first_address,
  };
}

export function addressesColumn(addresses: string[]): string | null {
  return addresses.length > 0 ? addresses.join(',') : null;
}

/**
 * What a message's admission and routing read of its device: where it may send from, its room
 * and how the record names it; not its status (last message, errors), which the message itself
 * rewrites. Read from the store for every message, never kept: another process may rebind it.
 */
export type DeviceBindingRow = Pick<
  DeviceRow,
  'device_id' | 'name' | 'room_id' | 'kind' | 'approval' | 'addresses' | 'certificate' | 'first_address' | 'record_id'
>;

/**
 * Every HL7 message reads its device: compiled once, and only the columns it uses (about a
 * quarter less time than `select *`, measured on an idle reader). Most of what is left is SQLite
 * reading the row's pages again: any commit of the writer empties the reader connection's page
 * cache (WAL), so the first read of each page after a commit goes back to the file.
 */
const findDeviceBindingQuery = preparedQuery<{ deviceId: string }, DeviceBindingRow>(['deviceId'], (db, p) =>
  db
    .selectFrom('devices')
    .select(['device_id', 'name', 'room_id', 'kind', 'approval', 'addresses', 'certificate', 'first_address', 'record_id'])
    .where('device_id', '=', p.deviceId),
);

export async function findDeviceBinding(db: Db, deviceId: string): Promise<DeviceBindingRow | null> {
  return (await findDeviceBindingQuery(db, { deviceId })).rows[0] ?? null;
}

const findDeviceQuery = preparedQuery<{ deviceId: string }, DeviceRow>(['deviceId'], (db, p) =>
  db.selectFrom('devices').selectAll().where('device_id', '=', p.deviceId),
);
const findUnassignedQuery = preparedQuery<{ readingId: string }, Selectable<Database['unassigned_readings']>>(['readingId'], (db, p) =>
  db.selectFrom('unassigned_readings').selectAll().where('reading_id', '=', p.readingId),
);

/**
 * Where a reading id is already stored, and the sessions open in its device's room, in one
 * statement: the waiting list (its row, assigned or not), the session log (the command id) and
 * the room's open sessions. Every reading asks, whatever its device's binding: an earlier copy
 * may have been kept as unassigned (no session yet, the device not yet approved) before the
 * device was bound, and a resend must still find it there.
 */
const readingLookupQuery = preparedQuery<
  { readingId: string; commandId: string; roomId: string | null },
  { place: 'unassigned' | 'session' | 'open'; session_id: string | null; reason: string | null; opened_at: number | null }
>(['readingId', 'commandId', 'roomId'], (db, p) =>
  db
    .selectFrom('unassigned_readings')
    .select([
      sql<'unassigned' | 'session' | 'open'>`'unassigned'`.as('place'),
      'assigned_session_id as session_id',
      sql<string | null>`reason`.as('reason'),
      sql<number | null>`cast(null as bigint)`.as('opened_at'),
    ])
    .where('reading_id', '=', p.readingId)
    .unionAll(
      db
        .selectFrom('session_events')
        .select([
          sql<'unassigned' | 'session' | 'open'>`'session'`.as('place'),
          sql<string | null>`session_id`.as('session_id'),
          sql<string | null>`null`.as('reason'),
          sql<number | null>`cast(null as bigint)`.as('opened_at'),
        ])
        .where('command_id', '=', p.commandId),
    )
    .unionAll(
      db
        .selectFrom('sessions')
        .select([
          sql<'unassigned' | 'session' | 'open'>`'open'`.as('place'),
          sql<string | null>`session_id`.as('session_id'),
          sql<string | null>`null`.as('reason'),
          sql<number | null>`opened_at`.as('opened_at'),
        ])
        // The `sessions_room` index (room, closed_at), as `openSessionIdsInRoom` reads it.
        .where('room_id', '=', p.roomId)
        .where('closed_at', 'is', null),
    ),
);

export interface ReadingLookup {
  /** The reading as stored before under this id: in the waiting list (assigned to a session or not), else in a session; null if new. */
  stored: { place: 'unassigned' | 'session'; sessionId: string | null; reason: string | null } | null;
  /** Ids of the sessions not yet closed in `roomId`, newest first (as `openSessionIdsInRoom`); none without a room. */
  openSessionIds: string[];
}

/** A reading's lookups before it is routed, in one statement (one round trip per reading fewer than two reads). */
export async function lookUpReading(db: Db, readingId: string, roomId: string | null): Promise<ReadingLookup> {
  const { rows } = await readingLookupQuery(db, { readingId, commandId: readingId, roomId });
  // The waiting list's row first: it says whether a person assigned it (and where).
  const row = rows.find((found) => found.place === 'unassigned') ?? rows.find((found) => found.place === 'session');
  const open = rows.filter((found) => found.place === 'open').sort((a, b) => Number(b.opened_at) - Number(a.opened_at));
  return {
    stored: row ? { place: row.place === 'unassigned' ? 'unassigned' : 'session', sessionId: row.session_id, reason: row.reason } : null,
    openSessionIds: open.map((found) => found.session_id!),
  };
}

export async function findDevice(db: Db, deviceId: string): Promise<DeviceRow | null> {
  return (await findDeviceQuery(db, { deviceId })).rows[0] ?? null;
}

export async function listDevices(db: Db): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().orderBy('name').orderBy('device_id').execute();
}

/** The row of a device just registered: no key, nothing heard from it yet. */
export function newDeviceRow(
  device: {
    deviceId: string;
    name: string;
    roomId: string | null;
    kind: 'hl7' | 'gateway';
    addresses?: string[];
    certificate?: string | null;
  },
  now: number,
): DeviceRow {
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
    approval: 'approved',
    addresses: addressesColumn(device.addresses ?? []),
    certificate: device.certificate ?? null,
    first_address: null,
    last_source: null,
    record_id: newRecordId(),
  };
}

/** A device's name in session records: `dev-` and 16 random hex digits, unrelated to the id it sends. */
export function newRecordId(): string {
  return `dev-${randomBytes(8).toString('hex')}`;
}

/**
 * Holds a device first heard from as waiting for approval: named by its id (never by a name it
 * sent), no room, bound to nothing until an admin approves it. Returns the row (an existing one
 * when two messages raced).
 */
export async function insertPendingDevice(db: Db, deviceId: string, address: string, now: number): Promise<DeviceRow> {
  await db
    .insertInto('devices')
    .values({ ...newDeviceRow({ deviceId, name: deviceId, roomId: null, kind: 'hl7' }, now), approval: 'pending', first_address: address })
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  const row = await findDevice(db, deviceId);
  if (!row) throw new Error(`Device ${deviceId} was not stored`);
  return row;
}

export async function countPendingDevices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('approval', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The refused messages and connections, newest first (security events are audit rows). */
export async function listSecurityEvents(db: Db, limit = 100): Promise<DeviceSecurityEvent[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', SECURITY_EVENT_ACTION)
    .orderBy('audit_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const detail = JSON.parse(row.detail_json) as Partial<Record<'deviceId' | 'certificate' | 'code' | 'reason', string | null>>;
    return {
      at: Number(row.at),
      deviceId: detail.deviceId ?? null,
      remoteAddress: row.remote_address,
      certificate: detail.certificate ?? null,
      code: detail.code ?? 'refused',
      reason: detail.reason ?? '',
    };
  });
}

/** The audit action of a refused device message or connection. */
export const SECURITY_EVENT_ACTION = 'device.refused';

/** Readings a device holds in the unassigned list (waiting for approval, or for a session). */
export async function listHeldReadingIds(db: Db, deviceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('unassigned_readings')
    .select('reading_id')
    .where('device_id', '=', deviceId)
    .where('assigned_session_id', 'is', null)
    .orderBy('observed_at')
    .execute();
  return rows.map((row) => row.reading_id);
}

export async function insertDevice(db: Db, row: DeviceRow): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

type DeviceChanges = Partial<Omit<DeviceRow, 'device_id'>>;
/** One compiled update per set of columns changed (a reading's bookkeeping changes the same few each time). */
const updateDeviceQueries = new Map<string, ReturnType<typeof updateDeviceQuery>>();
function updateDeviceQuery(columns: string[]) {
  return preparedQuery<Record<string, unknown>, never>([...columns, 'deviceId'], (db, p) =>
    db
      .updateTable('devices')
      .set(Object.fromEntries(columns.map((column) => [column, p[column]])) as DeviceChanges)
      .where('device_id', '=', p.deviceId as string),
  );
}

export async function updateDevice(db: Db, deviceId: string, changes: DeviceChanges): Promise<void> {
  const columns = Object.keys(changes).filter((column) => changes[column as keyof DeviceChanges] !== undefined);
  if (columns.length === 0) return;
  const key = columns.join(',');
  let query = updateDeviceQueries.get(key);
  if (!query) updateDeviceQueries.set(key, (query = updateDeviceQuery(columns)));
  await query(db, { ...changes, deviceId });
}

export async function findUnassigned(db: Db, readingId: string) {
  return (await findUnassignedQuery(db, { readingId })).rows[0] ?? null;
}

/** Keeps a reading that could not go to a session. Idempotent by reading id (a resend stores nothing). */
export async function insertUnassigned(
  db: Db,
  reading: {
    readingId: string;
    deviceId: string;
    roomId: string | null;
    observedAt: number;
    receivedAt: number;
    vitals: object;
    reason: string;
    source: string | null;
  },
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
      source: reading.source,
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

/** Readings still waiting for a session, newest first; a rejected device's are not offered. */
export async function listUnassigned(db: Db, limit = 500): Promise<UnassignedReading[]> {
  const rows = await db
    .selectFrom('unassigned_readings')
    .innerJoin('devices', 'devices.device_id', 'unassigned_readings.device_id')
    .selectAll('unassigned_readings')
    .select('devices.name as device_name')
    .where('assigned_session_id', 'is', null)
    .where('devices.approval', '!=', 'rejected')
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
