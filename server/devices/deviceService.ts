import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { describeDropped, type DroppedValue } from '../../shared/hl7/readings';
import { fail, type Failure, type Result } from '../../shared/result';
import type { DeviceApproveRequest, DeviceStatus, ReadingStored, UnassignedReading } from '../../shared/realtime/devicesContract';
import type { SessionEvent } from '../../shared/session/events';
import type { Actor } from '../../shared/session/actor';
import { vitalSetSchema, type VitalSet } from '../../shared/vitals/schema';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import type { CommandContext } from '../commands/context';
import { recordVitals } from '../commands/recordVitals';
import type { SessionService } from '../sessions/sessionService';
import { writeAudit } from '../store/audit';
import { findRoom } from '../store/rooms';
import type { CommitsWith } from '../store/events';
import { deviceLock } from '../store/rowLocks';
import type { Store } from '../store/store';
import {
  addressesColumn,
  bindingOf,
  findDevice,
  findDeviceBinding,
  listHeldReadingIds,
  lookUpReading,
  findUnassigned,
  insertDevice,
  insertUnassigned,
  listDevices,
  listUnassigned,
  markAssigned,
  newDeviceRow,
  toDeviceStatus,
  updateDevice,
  type DeviceBindingRow,
} from '../store/devices';
import type { DeviceRow } from '../store/deviceTables';

export interface DeviceReading {
  readingId: string;
  observedAt: number;
  vitals: VitalSet;
}

/** Readings from a registered device whose source was already checked (binding or gateway key). */
export interface DeviceMessage {
  deviceId: string;
  /** The device's registry row when the caller has just read it (the HL7 admission): not read again. */
  device?: DeviceBindingRow;
  /** When `device` was read ahead of the sync (`store.readAhead`): what that read may have seen. */
  deviceSeen?: number;
  /** The sender's network address, for the audit log. */
  remoteAddress: string | null;
  /** Where it came from, as kept with each reading: "10.20.0.15", "…, certificate CN=bed-3", "…, gateway key". */
  source: string;
  readings: DeviceReading[];
  dropped: DroppedValue[];
}

/**
 * The device registry and the path of a device reading: to the open session in the device's
 * room through the same `recordVitals` command as the nurse's (with a device actor), or, with
 * no room or no session, to the unassigned list. Store failures are thrown to the caller,
 * which answers AE / store_unavailable so the device resends.
 */
export interface DeviceService {
  ingest(message: DeviceMessage): Promise<ReadingStored[]>;
  /** Notes an error on a registered device's status (best effort: a store failure here is only logged). */
  noteError(deviceId: string, error: string): Promise<void>;
  list(): Promise<DeviceStatus[]>;
  // Each registry change below commits with its audit row (who, from where), or neither is stored.
  get(deviceId: string): Promise<DeviceStatus | null>;
  create(
    input: {
      deviceId: string;
      name: string;
      roomId: string | null;
      kind: 'hl7' | 'gateway';
      addresses: string[];
      certificate: string | null;
    },
    by: ChangedBy,
  ): Promise<Result<{ device: DeviceStatus }>>;
  update(
    deviceId: string,
    changes: {
      name?: string | undefined;
      roomId?: string | null | undefined;
      addresses?: string[] | undefined;
      certificate?: string | null | undefined;
    },
    by: ChangedBy,
  ): Promise<Result<{ device: DeviceStatus }>>;
  /** Approves a device waiting for approval into a room; its held readings go to the room's open session. */
  approve(
    deviceId: string,
    request: DeviceApproveRequest,
    /** A person: the held readings they put into the record are theirs. */
    by: ChangedBy & { userId: string },
  ): Promise<Result<{ device: DeviceStatus; assigned: number }>>;
  /** Rejects a device: its messages are refused from now on; its held readings are kept, never offered. */
  reject(deviceId: string, by: ChangedBy): Promise<Result<{ device: DeviceStatus }>>;
  /** Creates (or replaces) a gateway key; the key is returned once and only its hash is kept. */
  createKey(deviceId: string, by: ChangedBy): Promise<Result<{ device: DeviceStatus; key: string }>>;
  authenticateGateway(deviceId: string, key: string): Promise<DeviceRow | null>;
  /**
   * Is a gateway that authenticated with this key (its hash) still allowed to send: approved, a
   * gateway, the same key? Checked on every reading, so a replaced key or a rejection stops a
   * connection already open.
   */
  gatewayStillValid(deviceId: string, keyHash: string): Promise<boolean>;
  listUnassigned(): Promise<UnassignedReading[]>;
  /** A person assigns a waiting reading to a session; the reading and its audit row commit together. */
  assign(
    readingId: string,
    sessionId: string,
    by: { userId: string; remoteAddress: string | null },
  ): Promise<Result<{ event: SessionEvent; duplicate: boolean }>>;
}

/** The store or a transaction, as the device table's functions take it. */
type Db = Parameters<typeof updateDevice>[0];

/** Who makes a registry change (a person; null: the server itself, the demo), and from where: its audit row names them. */
export interface ChangedBy {
  userId: string | null;
  remoteAddress: string | null;
}

/** The server's own registry changes (the demo's monitors). */
export const BY_SERVER: ChangedBy = { userId: null, remoteAddress: null };

export interface DeviceServiceDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clinic: ClinicService;
  logError(error: unknown): void;
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/**
 * A device as the record names it: its record id (never the id it sends, which only admins see),
 * its name, and where this reading came from.
 */
export function deviceActor(device: { device_id: string; record_id: string | null; name: string }, source?: string | null): Actor {
  return { kind: 'device', deviceId: device.record_id ?? device.device_id, displayName: device.name, ...(source ? { source } : {}) };
}

export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const { store, clock, sessions, clinic } = deps;
  const db = store.db;
  /** A device's command context; its audit row (no user: the device and its address) commits with the reading. */
  const context = (
    device: DeviceBindingRow,
    source: string | null,
    audit: { action: string; userId: string | null; remoteAddress: string | null; detail: Record<string, unknown> },
    commitsWith: CommitsWith | null = null,
  ): CommandContext => ({
    actor: deviceActor(device, source),
    user: null,
    remoteAddress: audit.remoteAddress,
    clock,
    sessions,
    audit: { ...audit, detail: () => ({ deviceId: device.device_id, ...audit.detail }) },
    commitsWith,
  });

  /**
   * A registry change and its audit row, in one transaction: both are stored or neither
   * (`store_unavailable`). `roomId`: the room the device is placed in (or was, when it leaves
   * one), so the audit trail's room filter finds the devices placed there.
   */
  async function audited(
    by: ChangedBy,
    action: string,
    detail: Record<string, unknown>,
    change: (trx: Db) => Promise<void>,
    roomId: string | null = null,
  ) {
    await db.transaction().execute(async (trx) => {
      await change(trx);
      await writeAudit(trx, {
        at: clock.now(),
        userId: by.userId,
        action,
        sessionId: null,
        roomId,
        remoteAddress: by.remoteAddress,
        detail,
      });
    });
  }

  /** Why a device cannot be placed in this room (none, or retired: its readings would reach no session), or null when it can. */
  async function roomRefusal(roomId: string | null | undefined): Promise<Failure | null> {
    if (roomId === null || roomId === undefined) return null;
    const room = await findRoom(db, roomId);
    if (room === null) return fail('invalid_input', 'No such room', [{ path: ['roomId'], message: 'No such room' }]);
    if (room.retiredAt != null)
      return fail('conflict', `${room.name} has been retired: place the device in a room on the board`, [
        { path: ['roomId'], message: 'Retired room' },
      ]);
    return null;
  }

  /**
   * A reading stored before (in a session or the unassigned list) under this id, if any, and the
   * sessions open in the device's room: one read of all three, ahead of the sync (`seen`: the
   * commits it may have seen; `ingest` answers only once they are durable).
   */
  async function lookUp(
    readingId: string,
    roomId: string | null,
  ): Promise<{ previous: ReadingStored | null; openSessionIds: string[]; seen: number }> {
    const {
      value: { stored, openSessionIds },
      seen,
    } = await store.readAhead((ahead) => lookUpReading(ahead, readingId, roomId));
    const previous: ReadingStored | null = !stored
      ? null
      : stored.place === 'unassigned' && stored.sessionId === null
        ? { readingId, stored: 'unassigned', sessionId: null, duplicate: true, reason: stored.reason }
        : { readingId, stored: 'session', sessionId: stored.sessionId, duplicate: true, reason: null };
    return { previous, openSessionIds, seen };
  }

  /**
   * Stores one reading (in the session or the waiting list) with its audit row and the device's
   * bookkeeping (`bookkeeping(problem)`), all in one transaction of the group commit.
   */
  async function route(
    device: DeviceBindingRow,
    reading: DeviceReading,
    remoteAddress: string | null,
    source: string,
    bookkeeping: (problem: string | null) => CommitsWith,
  ): Promise<{ stored: ReadingStored; problem: string | null; seen: number }> {
    const { previous, openSessionIds, seen } = await lookUp(reading.readingId, device.room_id);
    if (previous) return { stored: previous, problem: null, seen };
    const keep = async (reason: string, problem: string | null) => {
      // The waiting reading, its audit row and the device's bookkeeping are stored together or not at all.
      const inserted = await store.commits.run(
        async (trx) => {
          const receivedAt = clock.now();
          const fresh = await insertUnassigned(trx, {
            readingId: reading.readingId,
            deviceId: device.device_id,
            roomId: device.room_id,
            observedAt: reading.observedAt,
            receivedAt,
            vitals: reading.vitals,
            reason,
            source,
          });
          if (fresh) {
            await writeAudit(trx, {
              at: receivedAt,
              userId: null,
              action: 'device.reading',
              sessionId: null,
              remoteAddress,
              detail: { deviceId: device.device_id, readingId: reading.readingId, stored: 'unassigned' },
            });
          }
          await bookkeeping(problem).write(trx);
          return fresh;
        },
        [deviceLock(device.device_id)],
      );
      return {
        stored: { readingId: reading.readingId, stored: 'unassigned' as const, sessionId: null, duplicate: !inserted, reason },
        problem,
        seen,
      };
    };
    // Nothing from a device nobody approved (or one rejected) reaches a patient's record.
    if (device.approval === 'pending') return keep('The device is waiting for approval', null);
    if (device.approval === 'rejected') return keep('The device was rejected by an admin', null);
    if (device.room_id === null) return keep('The device is not assigned to a room', null);
    const sessionId = (await clinic.runningSessionAmong(openSessionIds))?.sessionId ?? null;
    if (sessionId === null) return keep(`No session is open in ${device.room_id}`, null);
    const audited: CommandContext = {
      ...context(
        device,
        source,
        { action: 'device.reading', userId: null, remoteAddress, detail: { readingId: reading.readingId, stored: 'session' } },
        bookkeeping(null),
      ),
      // `lookUp` just looked for it in the session.
      commandIdLookedUp: true,
    };
    const result = await recordVitals(audited, {
      commandId: reading.readingId,
      sessionId,
      observedAt: reading.observedAt,
      vitals: reading.vitals,
    });
    if (result.ok)
      return {
        stored: { readingId: reading.readingId, stored: 'session', sessionId, duplicate: result.duplicate, reason: null },
        problem: null,
        seen,
      };
    // Refused by the session (closed meanwhile, a clock far off): kept for the admin, and shown on the device.
    return keep(`Not added to session ${sessionId}: ${result.error.message}`, result.error.message);
  }

  async function assign(
    readingId: string,
    sessionId: string,
    by: { userId: string; remoteAddress: string | null },
  ): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
    const waiting = await findUnassigned(db, readingId);
    if (!waiting) return fail('not_found', 'No such unassigned reading');
    if (waiting.assigned_session_id !== null && waiting.assigned_session_id !== sessionId) {
      return fail('conflict', 'This reading was already assigned to another session');
    }
    const device = await findDevice(db, waiting.device_id);
    if (!device) return fail('not_found', "The reading's device is no longer registered");
    if (device.approval !== 'approved') return fail('conflict', "This reading's device is not approved: approve it first");
    const vitals = vitalSetSchema.parse(JSON.parse(waiting.vitals_json));
    // The waiting reading is marked assigned in the transaction that adds it to the session.
    let marked = false;
    const assigning = context(
      device,
      waiting.source,
      { action: 'reading.assign', userId: by.userId, remoteAddress: by.remoteAddress, detail: { readingId } },
      {
        // The waiting reading is its device's: a resend of it from the device takes turns with this.
        locks: [deviceLock(waiting.device_id)],
        async write(trx) {
          await markAssigned(trx, readingId, sessionId, clock.now(), by.userId);
          marked = true;
        },
      },
    );
    const result = await recordVitals(assigning, { commandId: readingId, sessionId, observedAt: Number(waiting.observed_at), vitals });
    if (!result.ok) return result;
    // Already in the session (a retry after a lost answer): only the mark is left to write.
    if (!marked) await markAssigned(db, readingId, sessionId, clock.now(), by.userId);
    return { ok: true, event: result.event, duplicate: result.duplicate };
  }

  return {
    async ingest(message) {
      const now = clock.now();
      const device = message.device ?? (await findDeviceBinding(db, message.deviceId));
      if (!device) throw new Error(`Device ${message.deviceId} is not registered`);
      const note = describeDropped(message.dropped);
      // The device's last-message time (and what its message lacked, and the first refusal) is
      // written in the transaction of the reading it came with: one commit per reading, not two.
      let noted = false;
      let problemNoted = false;
      const bookkeeping = (problem: string | null): CommitsWith => ({
        locks: [deviceLock(device.device_id)],
        async write(trx) {
          const noteProblem = problem !== null && !problemNoted;
          await updateDevice(trx, device.device_id, {
            last_message_at: now,
            last_source: message.source,
            ...(note ? { dropped_note: note, dropped_at: now } : {}),
            ...(noteProblem ? { last_error: problem, last_error_at: now } : {}),
          });
          // Only a transaction that commits lets ingest finish: a failed one throws out of it.
          noted = true;
          problemNoted ||= noteProblem;
        },
      });
      const results: ReadingStored[] = [];
      let problem: string | null = null;
      let seen = message.deviceSeen ?? 0;
      for (const reading of message.readings) {
        // Every write is audited with its author and address (a device has no user id), in the write's own transaction.
        const outcome = await route(device, reading, message.remoteAddress, message.source, bookkeeping);
        results.push(outcome.stored);
        problem ??= outcome.problem;
        seen = Math.max(seen, outcome.seen);
      }
      // Nothing new to store (a resend of stored readings, a message of dropped values only): the bookkeeping on its own.
      if (!noted || (problem !== null && !problemNoted)) {
        const alone = bookkeeping(problem);
        await store.commits.run((trx) => alone.write(trx), alone.locks);
      }
      // Nothing is answered from a lookup that saw what is not yet on disk (a resend found in a
      // batch still syncing): at once when this message's own commit, made after it, is durable.
      await store.durableThrough(seen);
      return results;
    },
    async noteError(deviceId, error) {
      try {
        await updateDevice(db, deviceId, { last_error: error.slice(0, 300), last_error_at: clock.now() });
      } catch (failure) {
        deps.logError(failure);
      }
    },
    async list() {
      const now = clock.now();
      return (await listDevices(db)).map((row) => toDeviceStatus(row, now));
    },
    async get(deviceId) {
      const row = await findDevice(db, deviceId);
      return row ? toDeviceStatus(row, clock.now()) : null;
    },
    async create(input, by) {
      const unplaceable = await roomRefusal(input.roomId);
      if (unplaceable) return unplaceable;
      if (await findDevice(db, input.deviceId))
        return fail('conflict', 'A device with this id is already registered', [{ path: ['deviceId'], message: 'Already registered' }]);
      const now = clock.now();
      const { deviceId, roomId, kind, addresses, certificate } = input;
      await audited(
        by,
        'device.create',
        { deviceId, roomId, kind, addresses, certificate },
        (trx) => insertDevice(trx, newDeviceRow(input.kind === 'gateway' ? { ...input, addresses: [], certificate: null } : input, now)),
        roomId,
      );
      const row = await findDevice(db, input.deviceId);
      return row ? { ok: true, device: toDeviceStatus(row, now) } : fail('internal', 'The device was not stored');
    },
    async update(deviceId, changes, by) {
      const current = await findDevice(db, deviceId);
      if (!current) return fail('not_found', 'No such device');
      const unplaceable = await roomRefusal(changes.roomId);
      if (unplaceable) return unplaceable;
      const binds = changes.addresses !== undefined || changes.certificate !== undefined;
      if (binds && current.kind === 'gateway') {
        return fail('invalid_input', 'A gateway is bound to its key, not to an address or certificate', [
          { path: ['addresses'], message: 'Not for a gateway' },
        ]);
      }
      const addresses = changes.addresses ?? bindingOf(current).addresses;
      const certificate = changes.certificate === undefined ? current.certificate : changes.certificate;
      if (binds && current.approval === 'approved' && addresses.length === 0 && certificate === null) {
        return fail('invalid_input', 'A monitor needs the address(es) it sends from or its TLS certificate', [
          { path: ['addresses'], message: 'Give at least one' },
        ]);
      }
      const moves = changes.roomId !== undefined && changes.roomId !== current.room_id;
      const detail = moves ? { deviceId, ...changes, fromRoomId: current.room_id } : { deviceId, ...changes };
      await audited(
        by,
        'device.update',
        detail,
        (trx) =>
          updateDevice(trx, deviceId, {
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.roomId !== undefined ? { room_id: changes.roomId } : {}),
            ...(changes.addresses !== undefined ? { addresses: addressesColumn(changes.addresses) } : {}),
            ...(changes.certificate !== undefined ? { certificate: changes.certificate } : {}),
          }),
        changes.roomId ?? current.room_id,
      );
      const row = await findDevice(db, deviceId);
      return row ? { ok: true, device: toDeviceStatus(row, clock.now()) } : fail('not_found', 'No such device');
    },
    async approve(deviceId, request, by) {
      const device = await findDevice(db, deviceId);
      if (!device) return fail('not_found', 'No such device');
      if (device.approval === 'approved') return fail('conflict', 'This device is already approved');
      const unplaceable = await roomRefusal(request.roomId);
      if (unplaceable) return unplaceable;
      const addresses = request.addresses ?? (device.first_address ? [device.first_address] : []);
      if (addresses.length === 0 && device.certificate === null) {
        return fail('invalid_input', 'Give the address(es) this monitor sends from', [
          { path: ['addresses'], message: 'Give at least one' },
        ]);
      }
      await audited(
        by,
        'device.approve',
        { deviceId, roomId: request.roomId, addresses },
        (trx) =>
          updateDevice(trx, deviceId, {
            approval: 'approved',
            name: request.name,
            room_id: request.roomId,
            addresses: addressesColumn(addresses),
          }),
        request.roomId,
      );
      // Its held readings go to the room's running session, each audited as assigned by the approving admin (`reading.assign`).
      let assigned = 0;
      const sessionId = request.roomId === null ? null : ((await clinic.runningSession(request.roomId))?.sessionId ?? null);
      if (sessionId !== null) {
        for (const readingId of await listHeldReadingIds(db, deviceId)) if ((await assign(readingId, sessionId, by)).ok) assigned += 1;
      }
      const row = await findDevice(db, deviceId);
      return row ? { ok: true, device: toDeviceStatus(row, clock.now()), assigned } : fail('not_found', 'No such device');
    },
    async reject(deviceId, by) {
      const device = await findDevice(db, deviceId);
      if (!device) return fail('not_found', 'No such device');
      await audited(
        by,
        'device.reject',
        { deviceId, fromRoomId: device.room_id },
        (trx) => updateDevice(trx, deviceId, { approval: 'rejected', room_id: null }),
        device.room_id,
      );
      const row = await findDevice(db, deviceId);
      return row ? { ok: true, device: toDeviceStatus(row, clock.now()) } : fail('not_found', 'No such device');
    },
    async createKey(deviceId, by) {
      const existing = await findDevice(db, deviceId);
      if (!existing) return fail('not_found', 'No such device');
      if (existing.approval !== 'approved') return fail('conflict', 'Approve or reject this device first');
      const key = randomBytes(32).toString('base64url');
      // A device registered as an HL7 monitor becomes a gateway (the Devices page asks first): said in its audit row.
      const becameGateway = existing.kind !== 'gateway';
      await audited(
        by,
        'device.createKey',
        becameGateway ? { deviceId, kind: { from: existing.kind, to: 'gateway' } } : { deviceId },
        (trx) => updateDevice(trx, deviceId, { secret_hash: hashKey(key).toString('hex'), kind: 'gateway' }),
      );
      const row = await findDevice(db, deviceId);
      return row ? { ok: true, device: toDeviceStatus(row, clock.now()), key } : fail('not_found', 'No such device');
    },
    async authenticateGateway(deviceId, key) {
      const row = await findDevice(db, deviceId);
      if (!row?.secret_hash || row.kind !== 'gateway' || row.approval !== 'approved') return null;
      const stored = Buffer.from(row.secret_hash, 'hex');
      const given = hashKey(key);
      return stored.length === given.length && timingSafeEqual(stored, given) ? row : null;
    },
    async gatewayStillValid(deviceId, keyHash) {
      const row = await findDevice(db, deviceId);
      return row !== null && row.kind === 'gateway' && row.approval === 'approved' && row.secret_hash === keyHash;
    },
    listUnassigned: () => listUnassigned(db),
    assign,
  };
}
