import { createHash } from 'node:crypto';
import type { VitalSet } from '../../shared/vitals/schema';

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

/**
 * The command id of one reading of an HL7 message, scoped to the device it was admitted as: the
 * same device, control id and reading (its rows, time and values) give the same id, so a message
 * the monitor resends (after a lost ACK or an AE) is stored once. MSH-3/MSH-4 and the control id
 * are text any sender writes: an id built from them alone let another monitor (two that number
 * their messages from 1, or a stranger sending first) make a bound monitor's reading look stored
 * and be acknowledged but dropped. The reading's content is in it too: a monitor whose message
 * counter starts again (after a restart) sends new readings under old control ids, and each is
 * stored, not taken for the old one.
 */
export function hl7ReadingId(
  deviceId: string,
  controlId: string,
  reading: { rows: number[]; observedAt: number; vitals: VitalSet },
): string {
  const values = Object.entries(reading.vitals)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`);
  return `hl7-${digest([deviceId, controlId, reading.rows.join(','), String(reading.observedAt), values.join(',')])}`;
}

/** A gateway's command id, scoped to its device so two gateways cannot collide. */
export function gatewayReadingId(deviceId: string, commandId: string): string {
  return `gw-${digest([deviceId, commandId])}`;
}
