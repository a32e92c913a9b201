import fc from 'fast-check';
import { connectMllp, mllpFrame, msa } from '../devices/mllpClient';
import { monitorMessage, normalValues } from '../devices/messages';

/**
 * Hostile HL7 input for the listener, shared by the hostile-input test and scripts/fuzz.ts:
 * frames of every kind, sent from three loopback addresses that play three places on a network.
 */
export const HL7_SOURCES = {
  /** Where the registered monitor is bound. */
  bound: '127.0.0.1',
  /** Inside HL7_ALLOW but not the monitor's address: a hostile host on the monitors' network. */
  allowed: '127.0.0.2',
  /** Outside HL7_ALLOW: its connections are closed before anything is read. */
  outside: '127.0.0.9',
} as const;
export const HL7_ALLOW_FOR_CASES = ['127.0.0.1', '127.0.0.2'];
export const FUZZ_MONITOR = 'F0220000CAFE0001';
export const FUZZ_GATEWAY = 'fuzz-cuff';

const crisis = { systolic: 231, diastolic: 121, heartRate: 151, spo2: 97, respiratoryRate: 14 };

/** Named frames (text between the MLLP markers): valid, forged, impersonating a gateway, unknown, broken. */
export function hl7FrameCases(now: number, unique: () => string): { name: string; text: string }[] {
  const message = (deviceId: string, values: Record<string, number | string> = normalValues) =>
    monitorMessage({ controlId: unique(), equipmentId: deviceId, observedAt: now - 5_000, values });
  const valid = message(FUZZ_MONITOR);
  return [
    { name: 'valid reading naming the monitor', text: valid },
    { name: 'crisis reading naming the monitor', text: message(FUZZ_MONITOR, crisis) },
    { name: 'reading naming the gateway', text: message(FUZZ_GATEWAY, crisis) },
    { name: 'reading naming an unknown id', text: message(`UNKNOWN-${unique()}`) },
    { name: 'id of 500 characters', text: message('A'.repeat(500)) },
    { name: 'id with control characters', text: message('BED\u0007\u0000\u001b[31m') },
    { name: 'id that is SQL', text: message(`x'); DROP TABLE devices; --`) },
    {
      name: 'implausible values',
      text: message(FUZZ_MONITOR, { systolic: 400, diastolic: 500, heartRate: -5, spo2: 120, respiratoryRate: 'NaN' }),
    },
    { name: 'MSH only', text: valid.split('\r')[0]! },
    { name: 'no MSH', text: valid.split('\r').slice(1).join('\r') },
    { name: 'binary noise', text: '\u0000\u0001\u0002\u00ff\u00fe' },
    { name: 'empty', text: '' },
    { name: 'a megabyte-sized field', text: valid.replace('T.P.', 'P'.repeat(200_000)) },
    { name: 'delimiters redefined', text: valid.replace('MSH|^~\\&|', 'MSH|#$%!|') },
    { name: 'prototype keys', text: valid.replace('T.P.', '__proto__^constructor^prototype') },
  ];
}

/** Random frames: arbitrary text, and the valid message with a random cut and insert. */
export function randomHl7Frame(base: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.string({ maxLength: 12 })).map(([at, cut, insert]) => {
      const index = at % (base.length + 1);
      return base.slice(0, index) + insert + base.slice(index + cut);
    }),
  );
}

export type Hl7Outcome = { code: string; reason: string } | 'closed' | 'refused connection';

/** Sends frames on one connection from `localAddress`; each answer's MSA code, or how the connection ended. */
export async function sendHl7(port: number, localAddress: string, texts: string[]): Promise<Hl7Outcome[]> {
  const client = await connectMllp(port, { localAddress }).catch(() => null);
  if (!client) return texts.map(() => 'refused connection');
  const outcomes: Hl7Outcome[] = [];
  try {
    for (const text of texts) {
      void client.send(mllpFrame(text));
      const answer = await client.nextAck(10_000).catch(() => null);
      if (answer === null) {
        outcomes.push('closed');
        break;
      }
      outcomes.push(msa(answer));
    }
  } finally {
    client.close();
  }
  while (outcomes.length < texts.length) outcomes.push('closed');
  return outcomes;
}
