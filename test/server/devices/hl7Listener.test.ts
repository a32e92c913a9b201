import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { readAudit } from '../../../server/store/audit';
import type { SessionEvent } from '../../../shared/session/events';
import { connectClient, openTestSession, request, signIn, startTestServer, type TestSocket, httpAs } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';
import { findDevice } from '../../../server/store/devices';

const MONITOR = '0011223344556677';

describe('HL7 v2 over MLLP into live sessions', () => {
  let vigil: Vigil;
  let sessionId: string;
  let adminCookie: string;
  const clients: MllpTestClient[] = [];
  const sockets: TestSocket[] = [];

  const admin = (method: string, url: string, body?: unknown) => httpAs(vigil, adminCookie, method, url, body);
  async function mllp() {
    const client = await connectMllp(vigil.hl7!.port);
    clients.push(client);
    return client;
  }
  async function watcher() {
    const socket = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    sockets.push(socket);
    const watched = await request(socket, 'session.watch', { sessionId, afterSeq: 0 });
    expect(watched.ok).toBe(true);
    return socket;
  }
  const vitalsEvents = async () => (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded');

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: 0 });
    sessionId = await openTestSession(vigil, 'room-1');
    adminCookie = await signIn(vigil, 'admin');
    const created = await admin('POST', '/api/devices', {
      deviceId: MONITOR,
      name: 'Bedside monitor 1',
      roomId: 'room-1',
      addresses: ['127.0.0.1'],
    });
    expect(created.status).toBe(201);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const socket of sockets.splice(0)) socket.disconnect();
    await vigil.close();
  });

  it('a message split across packets is stored, then ACKed AA with its control id, and reaches a watching screen as device-entered', async () => {
    const screen = await watcher();
    const arrived = new Promise<SessionEvent>((resolve) => screen.on('session.event', (e) => e.type === 'vitals.recorded' && resolve(e)));
    const client = await mllp();
    const bytes = mllpFrame(monitorMessage({ controlId: 'MSG-0001', observedAt: vigil.clock.now() - 30_000, values: normalValues }));
    for (let i = 0; i < bytes.length; i += 7) await client.send(bytes.subarray(i, i + 7));
    const ack = await client.nextAck();
    // The ACK comes after the commit: the reading is in the store when it arrives.
    expect(await vitalsEvents()).toHaveLength(1);
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'MSG-0001' });
    expect(ack.startsWith('MSH|^~\\&|VIGIL|VIGIL|MONITOR|CLINIC|')).toBe(true);
    const event = await arrived;
    expect(event.payload).toMatchObject({
      vitals: { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 },
    });
    // Provenance in the record: which device, from where (received when: the event's recordedAt).
    // The record names the monitor by its record id, never by the id it sends.
    const recordId = (await findDevice(vigil.store.db, MONITOR))?.record_id;
    expect(recordId).toMatch(/^dev-/);
    expect(event.actor).toEqual({ kind: 'device', deviceId: recordId, displayName: 'Bedside monitor 1', source: '127.0.0.1' });
    const audit = await readAudit(vigil.store.db, sessionId);
    expect(audit.find((a) => a.action === 'device.reading')).toMatchObject({
      userId: null,
      remoteAddress: expect.stringContaining('127.0.0.1'),
      detail: { deviceId: MONITOR, stored: 'session' },
    });
  });

  it('answers several messages in one packet in order; LF and CRLF terminators work', async () => {
    const client = await mllp();
    const now = vigil.clock.now();
    const bytes = Buffer.concat([
      mllpFrame(
        monitorMessage({ controlId: 'A1', observedAt: now - 50_000, values: { ...normalValues, heartRate: 70 }, terminator: '\n' }),
      ),
      mllpFrame(
        monitorMessage({ controlId: 'A2', observedAt: now - 40_000, values: { ...normalValues, heartRate: 71 }, terminator: '\r\n' }),
      ),
      mllpFrame(monitorMessage({ controlId: 'A3', observedAt: now - 30_000, values: { ...normalValues, heartRate: 72 } })),
    ]);
    await client.send(bytes);
    const acks = [await client.nextAck(), await client.nextAck(), await client.nextAck()].map(msa);
    expect(acks.map((a) => [a.code, a.controlId])).toEqual([
      ['AA', 'A1'],
      ['AA', 'A2'],
      ['AA', 'A3'],
    ]);
    const stored = await vitalsEvents();
    expect(stored.map((e) => (e.payload as { vitals: { heartRateBpm: number } }).vitals.heartRateBpm)).toEqual([70, 71, 72]);
  });

  it('a resent message (same sender and control id) is stored once and ACKed both times', async () => {
    const client = await mllp();
    const message = mllpFrame(monitorMessage({ controlId: 'RESEND-1', observedAt: vigil.clock.now() - 10_000, values: normalValues }));
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    const again = await mllp();
    await again.send(message);
    expect(msa(await again.nextAck())).toMatchObject({ code: 'AA', controlId: 'RESEND-1' });
    expect(await vitalsEvents()).toHaveLength(1);
  });

  it('refuses unreadable messages with AR and a reason, stores nothing, and keeps the connection', async () => {
    const client = await mllp();
    const refused = [
      'this is not HL7 at all',
      'PID|||123\rOBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||120|mmHg',
      'MSH|^~\\&|MONITOR|CLINIC|VIGIL|VIGIL|20261123120000||ADT^A01|ADT-1|P|2.6\r',
      'MSH|^~\\&|MONITOR|CLINIC|VIGIL|VIGIL|20261123120000||ORU^R01|\r',
      '\u0000\u0001\u0002\u00ff binary noise',
    ];
    for (const text of refused) {
      await client.send(mllpFrame(text));
      const answer = msa(await client.nextAck());
      expect(answer.code).toBe('AR');
      expect(answer.reason.length).toBeGreaterThan(5);
    }
    // Truncated: a frame cut off by the next start byte is refused, never stored.
    const whole = monitorMessage({ controlId: 'CUT-1', observedAt: vigil.clock.now() - 5000, values: normalValues });
    await client.send(Buffer.concat([Buffer.from([0x0b]), Buffer.from(whole.slice(0, whole.length - 20))]));
    await client.send(mllpFrame(monitorMessage({ controlId: 'OK-1', observedAt: vigil.clock.now() - 5000, values: normalValues })));
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AR', controlId: 'CUT-1' });
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId: 'OK-1' });
    expect(await vitalsEvents()).toHaveLength(1);
  });

  /** The listener still serves: a new connection's message (`controlId`) is accepted, ACK AA. */
  async function expectStillServing(controlId: string) {
    const next = await mllp();
    await next.send(mllpFrame(monitorMessage({ controlId, observedAt: vigil.clock.now() - 5000, values: normalValues })));
    expect(msa(await next.nextAck()).code).toBe('AA');
  }

  it('closes a connection that sends bytes outside any frame, and stays up', async () => {
    const client = await mllp();
    void client.send(Buffer.alloc(8192, 0x41));
    await client.closed;
    await expectStillServing('AFTER-NOISE');
  });

  it('without OBX-18 the device is MSH-3 (its EUI-64 when given)', async () => {
    const client = await mllp();
    const text = monitorMessage({ controlId: 'NO-18', observedAt: vigil.clock.now() - 5000, values: normalValues })
      .replace('MSH|^~\\&|MONITOR|', 'MSH|^~\\&|Acme^ACDE48234567ABCD^EUI-64|')
      .replaceAll('|0011223344556677^EUI-64^EUI-64', '|');
    expect(text).toContain('|Acme^ACDE48234567ABCD^EUI-64|');
    await client.send(mllpFrame(text));
    expect(msa(await client.nextAck()).code).toBe('AA');
    const devices = (await admin('GET', '/api/devices')).body.devices as { deviceId: string; name: string }[];
    expect(devices.map((d) => d.deviceId)).toContain('ACDE48234567ABCD');
  });

  it('a 10 MB frame is refused and its connection closed; the listener keeps serving', async () => {
    const client = await mllp();
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x41);
    huge[0] = 0x0b;
    void client.send(huge);
    expect(msa(await client.nextAck()).code).toBe('AR');
    await client.closed;
    await expectStillServing('AFTER-BIG');
  });

  it('answers AE when the store cannot write, and the resend after recovery is stored once', async () => {
    const client = await mllp();
    const message = mllpFrame(monitorMessage({ controlId: 'BUSY-1', observedAt: vigil.clock.now() - 5000, values: normalValues }));
    // Another connection holds the write lock: the store is there but cannot take a write now.
    const blocker = new BetterSqlite3(path.join(vigil.config.dataDir, 'vigil.sqlite'));
    blocker.pragma('busy_timeout = 0');
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      await client.send(message);
      const answer = msa(await client.nextAck(30_000));
      expect(answer).toMatchObject({ code: 'AE', controlId: 'BUSY-1' });
      expect(answer.reason).toMatch(/resend/);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(await vitalsEvents()).toHaveLength(0);
    await client.send(message);
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AA', controlId: 'BUSY-1' });
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    expect(await vitalsEvents()).toHaveLength(1);
  }, 40_000);

  it('drops sentinel values, stores the rest, and notes them on the device status', async () => {
    const client = await mllp();
    await client.send(
      mllpFrame(
        monitorMessage({
          controlId: 'S-1',
          observedAt: vigil.clock.now() - 5000,
          values: { ...normalValues, spo2: -999, respiratoryRate: -1 },
        }),
      ),
    );
    expect(msa(await client.nextAck()).code).toBe('AA');
    const [event] = await vitalsEvents();
    expect(event?.payload).toMatchObject({ vitals: { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74 } });
    expect(Object.keys((event?.payload as { vitals: object }).vitals)).not.toContain('spo2Percent');
    const list = await admin('GET', '/api/devices');
    const device = (
      list.body.devices as { deviceId: string; state: string; droppedNote: string | null; lastMessageAt: number | null }[]
    ).find((d) => d.deviceId === MONITOR);
    expect(device).toMatchObject({ state: 'sending' });
    expect(device?.droppedNote).toMatch(/2 values dropped.*SpO2 -999/);
  });

  it('readings of a device with no room are kept unassigned, listed, and assignable to a session; a resend then stores nothing new', async () => {
    expect(
      (
        await admin('POST', '/api/devices', {
          deviceId: 'AABBCCDDEEFF0011',
          name: 'Spare monitor',
          roomId: null,
          addresses: ['127.0.0.0/8'],
        })
      ).status,
    ).toBe(201);
    const client = await mllp();
    const message = mllpFrame(
      monitorMessage({ controlId: 'LOOSE-1', equipmentId: 'AABBCCDDEEFF0011', observedAt: vigil.clock.now() - 5000, values: normalValues }),
    );
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    expect(await vitalsEvents()).toHaveLength(0);
    const devices = await admin('GET', '/api/devices');
    expect(
      (devices.body.devices as { deviceId: string; roomId: string | null }[]).find((d) => d.deviceId === 'AABBCCDDEEFF0011'),
    ).toMatchObject({ roomId: null });
    const listed = await admin('GET', '/api/unassigned-readings');
    const readings = listed.body.readings as { readingId: string; deviceId: string; reason: string; vitals: object }[];
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({ deviceId: 'AABBCCDDEEFF0011', vitals: { systolicMmHg: 128 } });
    expect(readings[0]!.reason).toMatch(/not assigned to a room/);

    // Putting a reading into a patient's record is a nurse's or prescriber's act, not device administration.
    const assign = (cookie: string) =>
      fetch(`${vigil.url}/api/unassigned-readings/${readings[0]!.readingId}/assign`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId }),
      });
    expect((await assign(await signIn(vigil, 'therapist'))).status).toBe(403);
    expect((await assign(adminCookie)).status).toBe(403);

    const assigned = { status: (await assign(await signIn(vigil, 'nurse'))).status };
    expect(assigned.status).toBe(200);
    const stored = await vitalsEvents();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.actor).toMatchObject({
      kind: 'device',
      deviceId: (await findDevice(vigil.store.db, 'AABBCCDDEEFF0011'))?.record_id,
      source: '127.0.0.1',
    });
    expect((await admin('GET', '/api/unassigned-readings')).body.readings).toEqual([]);

    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    expect(await vitalsEvents()).toHaveLength(1);
  });

  it('readings from a room with no open session are kept unassigned', async () => {
    await admin('PATCH', `/api/devices/${MONITOR}`, { roomId: 'room-2' });
    const client = await mllp();
    await client.send(mllpFrame(monitorMessage({ controlId: 'EMPTY-ROOM', observedAt: vigil.clock.now() - 5000, values: normalValues })));
    expect(msa(await client.nextAck()).code).toBe('AA');
    const readings = (await admin('GET', '/api/unassigned-readings')).body.readings as { reason: string; roomId: string }[];
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({ roomId: 'room-2' });
    expect(readings[0]!.reason).toMatch(/No session is open in room-2/);
  });

  it('only an admin may change the registry; every signed-in role may list it', async () => {
    const nurse = await signIn(vigil, 'nurse');
    const write = await fetch(`${vigil.url}/api/devices`, {
      method: 'POST',
      headers: { cookie: nurse, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'X1', name: 'X', roomId: null }),
    });
    expect(write.status).toBe(403);
    const read = await fetch(`${vigil.url}/api/devices`, { headers: { cookie: nurse } });
    expect(read.status).toBe(200);
    const noRoom = await admin('POST', '/api/devices', { deviceId: 'X2', name: 'X', roomId: 'room-99' });
    expect(noRoom.status).toBe(400);
  });
});
