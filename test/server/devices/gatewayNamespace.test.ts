import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { DevicesClientToServerEvents, DevicesServerToClientEvents, ReadingStored } from '../../../shared/realtime/devicesContract';
import type { Result } from '../../../shared/result';
import type { SessionEvent } from '../../../shared/session/events';
import { connectClient, openTestSession, request, signIn, startTestServer, type TestSocket, httpAs } from '../../support/server';
import { findDevice } from '../../../server/store/devices';

type GatewaySocket = Socket<DevicesServerToClientEvents, DevicesClientToServerEvents>;

describe('/devices namespace for gateways', () => {
  let vigil: Vigil;
  let sessionId: string;
  let adminCookie: string;
  const sockets: { disconnect(): unknown }[] = [];

  const admin = (method: string, url: string, body?: unknown) => httpAs(vigil, adminCookie, method, url, body);

  async function gateway(auth: unknown, cookie?: string): Promise<GatewaySocket> {
    const socket: GatewaySocket = connect(`${vigil.url}/devices`, {
      transports: ['websocket'],
      auth: auth as Record<string, unknown>,
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return socket;
  }

  const submit = (socket: GatewaySocket, payload: unknown) =>
    new Promise<Result<ReadingStored>>((resolve) => socket.emit('reading.submit', payload, resolve));

  beforeEach(async () => {
    vigil = await startTestServer();
    sessionId = await openTestSession(vigil, 'room-1');
    adminCookie = await signIn(vigil, 'admin');
    expect(
      (await admin('POST', '/api/devices', { deviceId: 'cuff-bridge-1', name: 'Cuff bridge', roomId: 'room-1', kind: 'gateway' })).status,
    ).toBe(201);
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await vigil.close();
  });

  async function createKey(): Promise<string> {
    const created = await admin('POST', '/api/devices/cuff-bridge-1/key');
    expect(created.status).toBe(201);
    return created.body.key as string;
  }

  it('refuses a gateway with a wrong key, no key, or an unknown device, and a browser cookie alone', async () => {
    const key = await createKey();
    await expect(gateway({ deviceId: 'cuff-bridge-1', key: 'x'.repeat(43) })).rejects.toThrow(/unauthenticated/);
    await expect(gateway({ deviceId: 'cuff-bridge-1' })).rejects.toThrow(/unauthenticated/);
    await expect(gateway({ deviceId: 'other-device', key })).rejects.toThrow(/unauthenticated/);
    await expect(gateway({}, await signIn(vigil, 'admin'))).rejects.toThrow(/unauthenticated/);
    // A new key replaces the old one.
    const replaced = await createKey();
    await expect(gateway({ deviceId: 'cuff-bridge-1', key })).rejects.toThrow(/unauthenticated/);
    await expect(gateway({ deviceId: 'cuff-bridge-1', key: replaced })).resolves.toBeDefined();
  });

  it('a gateway already connected stops writing once its key is replaced or it is rejected: the key is checked on every reading', async () => {
    const reading = () => ({ commandId: randomUUID(), observedAt: vigil.clock.now() - 5_000, vitals: { heartRateBpm: 80 } });
    const stolen = await gateway({ deviceId: 'cuff-bridge-1', key: await createKey() });
    expect(await submit(stolen, reading())).toMatchObject({ ok: true, stored: 'session' });
    const replaced = await createKey();
    const disconnected = new Promise<void>((resolve) => stolen.once('disconnect', () => resolve()));
    expect(await submit(stolen, reading())).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await disconnected;

    const cuff = await gateway({ deviceId: 'cuff-bridge-1', key: replaced });
    expect(await submit(cuff, reading())).toMatchObject({ ok: true, stored: 'session' });
    expect((await admin('POST', '/api/devices/cuff-bridge-1/reject')).status).toBe(200);
    // Even put back in a room, a rejected device writes nothing.
    expect((await admin('PATCH', '/api/devices/cuff-bridge-1', { roomId: 'room-1' })).status).toBe(200);
    expect(await submit(cuff, reading())).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded')).toHaveLength(2);
  });

  it('HL7 is off unless asked for (HL7_PORT=off)', () => {
    expect(vigil.hl7).toBeNull();
  });

  it('only an admin creates keys, and the key is not readable afterwards', async () => {
    const nurse = await signIn(vigil, 'nurse');
    const refused = await fetch(`${vigil.url}/api/devices/cuff-bridge-1/key`, { method: 'POST', headers: { cookie: nurse } });
    expect(refused.status).toBe(403);
    const key = await createKey();
    const listed = JSON.stringify((await admin('GET', '/api/devices')).body);
    expect(listed).not.toContain(key);
    expect(listed).toContain('"hasKey":true');
  });

  it('a reading via the gateway is acknowledged after storage and appears on a watching screen as device-entered', async () => {
    const key = await createKey();
    const nurse: TestSocket = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    sockets.push(nurse);
    expect((await request(nurse, 'session.watch', { sessionId, afterSeq: 0 })).ok).toBe(true);
    const arrived = new Promise<SessionEvent>((resolve) => nurse.on('session.event', (e) => e.type === 'vitals.recorded' && resolve(e)));
    const cuff = await gateway({ deviceId: 'cuff-bridge-1', key });
    const payload = {
      commandId: randomUUID(),
      observedAt: vigil.clock.now() - 20_000,
      vitals: { systolicMmHg: 142, diastolicMmHg: 88, heartRateBpm: 80 },
    };
    const ack = await submit(cuff, payload);
    expect(ack).toMatchObject({ ok: true, stored: 'session', sessionId, duplicate: false });
    const stored = (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded');
    expect(stored).toHaveLength(1);
    const event = await arrived;
    expect(event.actor).toEqual({
      kind: 'device',
      deviceId: (await findDevice(vigil.store.db, 'cuff-bridge-1'))?.record_id,
      displayName: 'Cuff bridge',
      source: '127.0.0.1, gateway key',
    });
    expect(event.payload).toMatchObject({ vitals: payload.vitals });

    const again = await submit(cuff, payload);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded')).toHaveLength(1);
    const devices = (await admin('GET', '/api/devices')).body.devices as { deviceId: string; state: string }[];
    expect(devices.find((d) => d.deviceId === 'cuff-bridge-1')?.state).toBe('sending');
  });

  it('validates readings with the same field rules as the entry panel', async () => {
    const cuff = await gateway({ deviceId: 'cuff-bridge-1', key: await createKey() });
    const cases: [unknown, (string | number)[]][] = [
      [
        { commandId: randomUUID(), observedAt: vigil.clock.now(), vitals: { systolicMmHg: 400, diastolicMmHg: 80 } },
        ['vitals', 'systolicMmHg'],
      ],
      [{ commandId: randomUUID(), observedAt: vigil.clock.now(), vitals: { systolicMmHg: 120 } }, ['vitals', 'diastolicMmHg']],
      [{ commandId: randomUUID(), observedAt: vigil.clock.now(), vitals: {} }, ['vitals']],
      [{ commandId: randomUUID(), observedAt: 'now', vitals: { heartRateBpm: 70 } }, ['observedAt']],
    ];
    for (const [payload, path] of cases) {
      const ack = await submit(cuff, payload);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.issues.map((i) => i.path)).toContainEqual(path);
    }
    const unknown = await new Promise((resolve) => (cuff.emit as (...a: unknown[]) => void)('vitals.record', {}, resolve));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded')).toHaveLength(0);
  });
});
