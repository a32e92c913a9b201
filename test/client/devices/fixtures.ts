import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceStatus, UnassignedReading } from '../../../shared/realtime/devicesContract';
import type { Reading } from '../../../shared/session/state';
import type { Actor } from '../../../shared/session/actor';
import { room } from '../board/roomFactory';

export const MINUTE = 60_000;
export const monitorActor = { kind: 'device', deviceId: 'EUI-1', displayName: 'Bedside monitor 1' } satisfies Actor;
export const nurseActor: Actor = { kind: 'user', userId: 'u-nurse', displayName: 'Nora Nurse', role: 'nurse' };

export function reading(readingId: string, observedAt: number, recordedBy: Actor, extra: Partial<Reading> = {}): Reading {
  return {
    readingId,
    seq: 1,
    observedAt,
    recordedAt: observedAt + 2_000,
    vitals: { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 },
    recordedBy,
    artifact: null,
    ...extra,
  };
}

export function device(deviceId: string, extra: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    deviceId,
    name: `Monitor ${deviceId}`,
    roomId: null,
    kind: 'hl7',
    hasKey: false,
    createdAt: 0,
    lastMessageAt: null,
    lastError: null,
    lastErrorAt: null,
    droppedNote: null,
    droppedAt: null,
    state: 'never',
    approval: 'approved',
    addresses: ['10.20.0.11'],
    certificate: null,
    firstAddress: null,
    lastSource: null,
    ...extra,
  };
}

export function unassigned(readingId: string, observedAt: number, extra: Partial<UnassignedReading> = {}): UnassignedReading {
  return {
    readingId,
    deviceId: 'EUI-9',
    deviceName: 'Spare cuff',
    roomId: null,
    observedAt,
    receivedAt: observedAt + 1_000,
    vitals: { systolicMmHg: 131, diastolicMmHg: 85, heartRateBpm: 77 },
    reason: 'The device is not assigned to a room',
    ...extra,
  };
}

/** Room 1 running a session (s-1, P1), room 2 empty, room 3 discharged. */
export function rooms(): RoomSummary[] {
  return [room(1), room(2, null), room(3, { sessionId: 's-3', phase: 'discharged' })];
}
