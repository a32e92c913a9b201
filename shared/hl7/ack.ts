import { DEFAULT_ENCODING, encodeEscapes } from './encoding';
import { formatHl7Time } from './timestamp';

/** MSA-1: AA accepted (stored), AE error (sender retries), AR rejected (sender does not resend). CLINICAL.md. */
export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckRequest {
  code: AckCode;
  /** MSA-2: the sender's MSH-10 ('' when the message was too broken to read one). */
  controlId: string;
  /** MSA-3 (and ERR-8): why it was not accepted; plain text, escaped here. */
  reason?: string;
  /** The original sender becomes the ACK's receiver. */
  receivingApplication?: string;
  receivingFacility?: string;
  /** MSH-9 trigger of the original (R01 for ORU^R01). */
  trigger?: string;
  version?: string;
  /** MSH-10 of the ACK itself. */
  ackControlId: string;
  /** MSH-7 of the ACK, epoch ms (server clock). */
  now: number;
}

/** HL7 table 0357 error codes used in ERR-3. */
const ERROR_CODES: Record<Exclude<AckCode, 'AA'>, string> = {
  AR: '207^Application internal error^HL70357',
  AE: '207^Application internal error^HL70357',
};

/** Builds an ACK message (segments separated by CR, as the standard says). */
export function buildAck(request: AckRequest): string {
  const e = (text: string | undefined, max: number) => encodeEscapes((text ?? '').slice(0, max), DEFAULT_ENCODING);
  const trigger = request.trigger && /^[A-Z0-9]{3}$/.test(request.trigger) ? request.trigger : '';
  const segments = [
    [
      'MSH',
      '^~\\&',
      'VIGIL',
      'VIGIL',
      e(request.receivingApplication, 180),
      e(request.receivingFacility, 180),
      formatHl7Time(request.now, 0),
      '',
      trigger ? `ACK^${trigger}^ACK` : 'ACK',
      e(request.ackControlId, 199),
      'P',
      request.version && /^2\.[0-9.]{1,6}$/.test(request.version) ? request.version : '2.6',
    ].join('|'),
    ['MSA', request.code, e(request.controlId, 199), e(request.reason, 80)].join('|').replace(/\|+$/, ''),
  ];
  if (request.code !== 'AA') {
    segments.push(['ERR', '', '', ERROR_CODES[request.code], 'E', '', '', '', e(request.reason, 250)].join('|'));
  }
  return segments.join('\r') + '\r';
}
