import { fail, type Result } from '../result';
import { component, type Hl7Message, type Hl7Segment } from './message';
import { parseHl7Time } from './timestamp';

/** The MSH fields Vigil uses: who sent it, what it is, and the id the ACK must echo. */
export interface Hl7Header {
  sendingApplication: string;
  /** MSH-3's universal id (an IHE PCD sender puts its EUI-64 there), '' when absent. */
  sendingApplicationUniversalId: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-7, epoch ms; null when missing or not a valid time. */
  sentAt: number | null;
  /** The offset written in MSH-7 (minutes east of UTC): the sender's zone for times written without one. */
  sentAtOffsetMinutes: number | null;
  /** MSH-9 as `ORU^R01`. */
  messageType: string;
  /** MSH-10: echoed in MSA-2; with the sending application it identifies a resend. */
  controlId: string;
  processingId: string;
  version: string;
}

/** A HD field is namespace^universal id^type: prefer the namespace, else the universal id. */
function hierarchicDesignator(message: Hl7Message, msh: Hl7Segment, n: number): string {
  return component(message, msh, n, 1) || component(message, msh, n, 2);
}

/** Reads MSH. Fails when MSH-9 or MSH-10 is missing (no ACK could name the message). */
export function readHeader(message: Hl7Message, defaultOffsetMinutes = 0): Result<{ header: Hl7Header }> {
  const msh = message.segments[0];
  if (!msh || msh.name !== 'MSH') return fail('invalid_input', 'The message does not start with an MSH segment');
  const sent = parseHl7Time(component(message, msh, 7, 1), defaultOffsetMinutes);
  const header: Hl7Header = {
    sendingApplication: hierarchicDesignator(message, msh, 3),
    sendingApplicationUniversalId: component(message, msh, 3, 2),
    sendingFacility: hierarchicDesignator(message, msh, 4),
    receivingApplication: hierarchicDesignator(message, msh, 5),
    receivingFacility: hierarchicDesignator(message, msh, 6),
    sentAt: sent?.epochMs ?? null,
    sentAtOffsetMinutes: sent?.offsetMinutes ?? null,
    messageType: [component(message, msh, 9, 1), component(message, msh, 9, 2)].filter(Boolean).join('^'),
    controlId: component(message, msh, 10, 1),
    processingId: component(message, msh, 11, 1),
    version: component(message, msh, 12, 1),
  };
  if (header.controlId === '') return fail('invalid_input', 'MSH-10 (message control id) is missing');
  if (header.controlId.length > 199) return fail('invalid_input', 'MSH-10 (message control id) is longer than 199 characters');
  if (header.messageType === '') return fail('invalid_input', 'MSH-9 (message type) is missing');
  return { ok: true, header };
}
