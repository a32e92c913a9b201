import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { DeviceStatus, UnassignedReading } from '../../../shared/realtime/devicesContract';
import { vitalSetSchema } from '../../../shared/vitals/schema';
import { signIn, startTestServer } from '../../support/server';
import { continuaStyle, geStyle, ihePcd01, mindrayStyle } from '../../shared/hl7/samples';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

/**
 * The proof on the wire: messages in the shapes real monitors send, and broken input,
 * through a real TCP connection to a running server.
 */
describe('real-monitor-shaped and broken messages over MLLP', () => {
  let vigil: Vigil;
  let cookie: string;
  const clients: MllpTestClient[] = [];

  async function mllp() {
    const client = await connectMllp(vigil.hl7!.port);
    clients.push(client);
    return client;
  }
  async function get<T>(url: string): Promise<T> {
    const response = await fetch(`${vigil.url}${url}`, { headers: { cookie } });
    return (await response.json()) as T;
  }
  const unassigned = async () => (await get<{ readings: UnassignedReading[] }>('/api/unassigned-readings')).readings;
  const devices = async () => (await get<{ devices: DeviceStatus[] }>('/api/devices')).devices;
  const storedCount = async () => (await unassigned()).length;

  beforeEach(async () => {
    // The per-source rate is tested in bindings.test.ts; here one test address sends everything.
    vigil = await startTestServer({ hl7Port: 0, hl7RatePerSource: 10_000 });
    cookie = await signIn(vigil, 'admin');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await vigil.close();
  });

  it('IHE PCD-01, GE, Mindray (LF) and Continua (CRLF) samples on one connection: each ACKed AA with its control id, every reading kept with its values and device', async () => {
    const client = await mllp();
    const samples: [string, string][] = [
      [ihePcd01, 'MSGID1234'],
      [geStyle, 'GE-77'],
      [mindrayStyle, 'MR-1001'],
      [continuaStyle, 'PHG-42'],
    ];
    await client.send(Buffer.concat(samples.map(([text]) => mllpFrame(text))));
    for (const [, controlId] of samples) expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId });

    // No device is in a room yet: the readings wait in the unassigned list, nothing lost.
    const readings = await unassigned();
    const byDevice = (deviceId: string) => readings.filter((r) => r.deviceId === deviceId).map((r) => r.vitals);
    expect(byDevice('ACDE48234567ABCD')).toEqual([{ systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 }]);
    expect(byDevice('0080F4FFFE04F1E3')).toEqual([
      { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 81, respiratoryRatePerMin: 16, temperatureC: 36.8 },
    ]);
    expect(byDevice('Mindray')).toEqual([{ systolicMmHg: 131, diastolicMmHg: 84, spo2Percent: 97, respiratoryRatePerMin: 15 }]);
    expect(byDevice('1122334455667788')).toEqual([{ systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 66 }]);
    expect(readings).toHaveLength(4);
    // Mindray's -100 pulse is not a reading: dropped and said on the device's status.
    const mindray = (await devices()).find((d) => d.deviceId === 'Mindray');
    expect(mindray?.droppedNote).toMatch(/-100/);

    // The same four again (a monitor resending): answered AA, stored once.
    await client.send(Buffer.concat(samples.map(([text]) => mllpFrame(text))));
    for (const [, controlId] of samples) expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId });
    expect(await storedCount()).toBe(4);
  });

  it('a sentinel-only message and one with only unknown codes are answered, store nothing, and the sentinels are noted on the device', async () => {
    const client = await mllp();
    const at = vigil.clock.now() - 5_000;
    await client.send(
      mllpFrame(
        monitorMessage({ controlId: 'SENT-ONLY', observedAt: at, values: { systolic: -999, diastolic: -999, heartRate: -1, spo2: -100 } }),
      ),
    );
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId: 'SENT-ONLY' });
    const unknownOnly = monitorMessage({ controlId: 'UNKNOWN-ONLY', observedAt: at, values: { heartRate: 70 } }).replace(
      '147842^MDC_ECG_HEART_RATE',
      '188420^MDC_ECG_ST_II',
    );
    await client.send(mllpFrame(unknownOnly));
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId: 'UNKNOWN-ONLY' });
    expect(await storedCount()).toBe(0);
    const device = (await devices()).find((d) => d.deviceId === '0011223344556677');
    expect(device?.droppedNote).toMatch(/-999/);
  });

  it('a connection dropped in the middle of a frame stores nothing; the next sender is served', async () => {
    const first = await mllp();
    const whole = mllpFrame(monitorMessage({ controlId: 'HALF-1', observedAt: vigil.clock.now() - 5_000, values: normalValues }));
    await first.send(whole.subarray(0, Math.floor(whole.length / 2)));
    first.close();
    await first.closed;
    const next = await mllp();
    await next.send(mllpFrame(monitorMessage({ controlId: 'WHOLE-1', observedAt: vigil.clock.now() - 5_000, values: normalValues })));
    expect(msa(await next.nextAck())).toMatchObject({ code: 'AA', controlId: 'WHOLE-1' });
    const readings = await unassigned();
    expect(readings).toHaveLength(1);
  });

  it('random frames (noise, mangled real messages) each get an answer on a live connection, or the connection is closed; only valid vital sets are ever kept', async () => {
    const pieces = fc.constantFrom(
      'MSH|^~\\&|',
      'OBX|',
      'OBR|',
      '|',
      '^',
      '\r',
      '\n',
      '150021',
      '147842',
      '-999',
      'ORU^R01',
      '20261123',
      'X',
      '\u0000',
      '\u00ff',
      '\u001c',
    );
    const frameText = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(pieces, { maxLength: 80 }).map((parts) => parts.join('')),
      fc
        .tuple(fc.constantFrom(ihePcd01, geStyle, mindrayStyle, continuaStyle), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 8 }))
        .map(([text, at, cut, insert]) => {
          const index = at % (text.length + 1);
          return text.slice(0, index) + insert + text.slice(index + cut);
        }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frameText, { minLength: 1, maxLength: 5 }), async (texts) => {
        const client = await mllp();
        for (const text of texts) {
          await client.send(mllpFrame(text));
          const answer = await client.nextAck(5_000).catch(() => null);
          if (answer === null) {
            // Not answered: only acceptable when the server closed the connection.
            await client.closed;
            break;
          }
          // AE: beyond the per-source rate, or the approval queue of unknown ids is full (resend later).
          expect(['AA', 'AR', 'AE']).toContain(msa(answer).code);
        }
        client.close();
      }),
      { numRuns: 60 },
    );
    for (const reading of await unassigned()) expect(vitalSetSchema.safeParse(reading.vitals).success).toBe(true);
    // Still serving after all that: a registered monitor is heard (the unknown ids may have filled the approval queue).
    const registered = await fetch(`${vigil.url}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: '0011223344556677', name: 'Monitor', roomId: null, addresses: ['127.0.0.1'] }),
    });
    expect([201, 409]).toContain(registered.status);
    const client = await mllp();
    await client.send(mllpFrame(monitorMessage({ controlId: 'AFTER-FUZZ', observedAt: vigil.clock.now() - 5_000, values: normalValues })));
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId: 'AFTER-FUZZ' });
  }, 60_000);
});
