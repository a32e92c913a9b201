import { isOpenPhase } from '../../../shared/session/phases';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceState } from '../../../shared/realtime/devicesContract';
import { DEVICE_SILENT_AFTER_MINUTES } from '../../../shared/realtime/devicesContract';
import type { VitalSet } from '../../../shared/vitals/schema';
import { bloodPressure, value } from '../format/vitals';

/** A device's state in words and a symbol, never colour alone. */
export const DEVICE_STATE_TEXT: Record<DeviceState, { symbol: string; label: string; hint: string }> = {
  sending: { symbol: '●', label: 'Sending', hint: `heard from in the last ${DEVICE_SILENT_AFTER_MINUTES} min` },
  silent: { symbol: '◌', label: 'Silent', hint: `nothing for over ${DEVICE_SILENT_AFTER_MINUTES} min` },
  never: { symbol: '—', label: 'Never sent', hint: 'no message received yet' },
};

/** The clinic's running sessions, as choices for assigning a reading: "Room 2 — T.P.". */
export function runningSessions(rooms: RoomSummary[]): { sessionId: string; label: string }[] {
  return rooms.flatMap((room) =>
    room.session && isOpenPhase(room.session.phase)
      ? [{ sessionId: room.session.sessionId, label: `${room.roomName} — ${room.session.patientAlias}` }]
      : [],
  );
}

export function roomName(rooms: RoomSummary[], roomId: string | null): string {
  if (roomId === null) return 'No room';
  return rooms.find((room) => room.roomId === roomId)?.roomName ?? roomId;
}

/** "BP 128/82 · HR 74 · SpO2 98% · RR 14 · 36.8 °C", listing only what the device sent. */
export function vitalsSummary(vitals: VitalSet): string {
  const parts: string[] = [];
  if (vitals.systolicMmHg !== undefined) parts.push(`BP ${bloodPressure(vitals)}`);
  if (vitals.heartRateBpm !== undefined) parts.push(`HR ${value(vitals.heartRateBpm)}`);
  if (vitals.spo2Percent !== undefined) parts.push(`SpO2 ${value(vitals.spo2Percent)}%`);
  if (vitals.respiratoryRatePerMin !== undefined) parts.push(`RR ${value(vitals.respiratoryRatePerMin)}`);
  if (vitals.temperatureC !== undefined) parts.push(`${value(vitals.temperatureC, 1)} °C`);
  return parts.length > 0 ? parts.join(' · ') : 'no values';
}

/** How a device is bound, in words: "HL7 over MLLP from 10.20.0.15", "… with certificate CN=bed-3", "Gateway with its key". */
export function bindingText(device: { kind: 'hl7' | 'gateway'; addresses: string[]; certificate: string | null; hasKey: boolean }): string {
  if (device.kind === 'gateway') return device.hasKey ? 'Gateway: sends with its key' : 'Gateway: no key yet, cannot send';
  if (device.addresses.length === 0 && device.certificate === null) return 'HL7 monitor: not bound, every message refused';
  const parts = ['HL7 monitor'];
  if (device.addresses.length > 0) parts.push(`from ${device.addresses.join(', ')}`);
  if (device.certificate !== null) parts.push(`over TLS with certificate ${device.certificate}`);
  return parts.join(' ');
}

/** "10.20.0.15, 10.20.0.0/24" typed by an admin, as a list. */
export function addressList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
