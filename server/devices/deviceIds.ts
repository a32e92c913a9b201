import { createHash } from 'node:crypto';

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

/**
 * The command id of one reading of an HL7 message: the same sender, control id and rows give
 * the same id, so a message the monitor resends (after a lost ACK or an AE) is stored once.
 */
export function hl7ReadingId(sender: { application: string; facility: string }, controlId: string, rows: number[]): string {
  return `hl7-${digest([sender.application, sender.facility, controlId, rows.join(',')])}`;
}

/** A gateway's command id, scoped to its device so two gateways cannot collide. */
export function gatewayReadingId(deviceId: string, commandId: string): string {
  return `gw-${digest([deviceId, commandId])}`;
}
