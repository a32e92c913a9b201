import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { Config } from '../../../server/config';
import { readAudit } from '../../../server/store/audit';
import { queryAudit } from '../../../server/store/auditQuery';
import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import type { DeviceStatus, UnassignedReading } from '../../../shared/realtime/devicesContract';
import { connectClient, httpAs, openTestSession, openWallDisplay, request, signIn, startTestServer } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpConnectOptions, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

const MONITOR = '0011223344556677';
/** A hostile host on the same network, played from another loopback address. */
const ELSEWHERE = '127.0.0.2';
/** The attack from the issue: a crisis reading in a monitor's name. */
const forged = { systolic: 231, diastolic: 121, heartRate: 151, spo2: 97, respiratoryRate: 14 };
/** How the record names a device: a random record id, never the id it sends. */
const RECORD_ID = expect.stringMatching(/^dev-[0-9a-f]{16}$/) as unknown as string;

/**
 * Only a registered device, from where it is bound to send, writes a device reading: over real
 * TCP from two loopback addresses (127.0.0.1 is the monitor, 127.0.0.2 a stranger).
 */
describe('device bindings on the HL7 listener', () => {
  let vigil: Vigil;
  let sessionId: string;
  let adminCookie: string;
  const clients: MllpTestClient[] = [];

  async function start(overrides: Partial<Config> = {}) {
    vigil = await startTestServer({ hl7Port: 0, hl7Allow: ['127.0.0.0/8'], ...overrides });
    sessionId = await openTestSession(vigil, 'room-1');
    adminCookie = await signIn(vigil, 'admin');
  }
  async function api<T = Record<string, unknown>>(method: string, url: string, body?: unknown, cookie = adminCookie) {
    const { status, body: answer } = await httpAs(vigil, cookie, method, url, body);
    return { status, body: answer as T };
  }
  async function send(controlId: string, options: MllpConnectOptions & { deviceId?: string; values?: typeof forged; port?: number } = {}) {
    const client = await connectMllp(options.port ?? vigil.hl7!.port, options);
    clients.push(client);
    await client.send(
      mllpFrame(
        monitorMessage({
          controlId,
          equipmentId: options.deviceId ?? MONITOR,
          observedAt: vigil.clock.now() - 10_000,
          values: options.values ?? normalValues,
        }),
      ),
    );
    return msa(await client.nextAck());
  }
  const sessionReadings = async () => (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded');
  const securityEvents = async () => (await api<{ events: DeviceSecurityEvent[] }>('GET', '/api/devices/security-events')).body.events;
  const registry = async () => (await api<{ devices: DeviceStatus[] }>('GET', '/api/devices')).body.devices;
  const unassigned = async () => (await api<{ readings: UnassignedReading[] }>('GET', '/api/unassigned-readings')).body.readings;

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await vigil?.close();
  });

  it('a forged id from a wrong address gets AR and stores nothing, recorded with its source address; the bound address gets AA', async () => {
    await start();
    expect(
      (await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] }))
        .status,
    ).toBe(201);

    const refused = await send('FORGED-1', { localAddress: ELSEWHERE, values: forged });
    expect(refused.code).toBe('AR');
    expect(refused.reason).toContain(`does not send from ${ELSEWHERE}`);
    expect(await sessionReadings()).toHaveLength(0);
    expect(await unassigned()).toHaveLength(0);
    // The security event: on the Devices page's feed, in the audit trail, and on the device's card.
    expect(await securityEvents()).toEqual([
      expect.objectContaining({ deviceId: MONITOR, remoteAddress: ELSEWHERE, code: 'wrong_address' }),
    ]);
    expect((await readAudit(vigil.store.db)).find((row) => row.action === 'device.refused')).toMatchObject({
      userId: null,
      remoteAddress: ELSEWHERE,
    });
    const card = (await registry()).find((d) => d.deviceId === MONITOR)!;
    expect(card.lastError).toContain(`Refused a message from ${ELSEWHERE}`);
    expect(card.lastMessageAt).toBeNull();

    expect(await send('REAL-1')).toMatchObject({ code: 'AA', controlId: 'REAL-1' });
    const [stored] = await sessionReadings();
    expect(stored?.actor).toEqual({ kind: 'device', deviceId: RECORD_ID, displayName: 'Bedside monitor 1', source: '127.0.0.1' });
    expect((await registry()).find((d) => d.deviceId === MONITOR)).toMatchObject({ lastSource: '127.0.0.1', state: 'sending' });
  });

  it("a refusal's security event and the device's last error are stored together or not at all", async () => {
    await start();
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] });
    const lastError = async () => (await registry()).find((d) => d.deviceId === MONITOR)!.lastError;
    const refusalRows = async () => (await readAudit(vigil.store.db)).filter((row) => row.action === 'device.refused');

    // The device's card cannot be written: the audit row is not kept either.
    await sql`CREATE TRIGGER device_broken BEFORE UPDATE ON devices BEGIN SELECT RAISE(ABORT, 'device row gone'); END`.execute(
      vigil.store.db,
    );
    expect((await send('FORGED-A', { localAddress: ELSEWHERE, values: forged })).code).not.toBe('AA');
    await sql`DROP TRIGGER device_broken`.execute(vigil.store.db);
    expect(await refusalRows()).toEqual([]);
    expect(await lastError()).toBeNull();

    // The audit row cannot be written: the card keeps no error either.
    await sql`CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit disk gone'); END`.execute(
      vigil.store.db,
    );
    expect((await send('FORGED-B', { localAddress: ELSEWHERE, values: forged })).code).not.toBe('AA');
    await sql`DROP TRIGGER audit_broken`.execute(vigil.store.db);
    expect(await lastError()).toBeNull();

    // With the store sound again, the next forgery is recorded in both places.
    expect((await send('FORGED-C', { localAddress: ELSEWHERE, values: forged })).code).toBe('AR');
    expect(await refusalRows()).toHaveLength(1);
    expect(await lastError()).toContain(`Refused a message from ${ELSEWHERE}`);
    expect(await sessionReadings()).toHaveLength(0);
  });

  it("other roles never get a device's id: not from the registry, the session stream, the board, nor the record and its exports", async () => {
    await start();
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] });
    expect((await send('SEEN-1')).code).toBe('AA');
    const nurse = await signIn(vigil, 'nurse');
    const screen = await connectClient(vigil.url, nurse);
    const wall = await connectClient(vigil.url, (await openWallDisplay(vigil)).cookie);
    try {
      const seen: string[] = [JSON.stringify(await request(screen, 'session.watch', { sessionId, afterSeq: 0 }))];
      seen.push(JSON.stringify(await request(screen, 'clinic.watch', {})), JSON.stringify(await request(wall, 'clinic.watch', {})));
      const live = new Promise<string>((resolve) => screen.on('session.event', (event) => resolve(JSON.stringify(event))));
      expect((await send('SEEN-2')).code).toBe('AA');
      seen.push(await live);
      for (const url of [
        '/api/devices',
        '/api/unassigned-readings',
        `/api/sessions/${sessionId}/report`,
        `/api/sessions/${sessionId}/readings.csv`,
        `/api/sessions/${sessionId}/fhir`,
      ]) {
        const answer = await fetch(`${vigil.url}${url}`, { headers: { cookie: nurse } });
        expect(answer.status).toBe(200);
        seen.push(await answer.text());
      }
      for (const text of seen) expect(text).not.toContain(MONITOR);
      // The reading still says which monitor, and from where.
      expect(seen[0]).toContain('Bedside monitor 1');
      expect(seen.at(-2)).toContain('127.0.0.1');
      // Admins see the id in the registry.
      expect((await registry()).map((d) => d.deviceId)).toEqual([MONITOR]);
    } finally {
      screen.disconnect();
      wall.disconnect();
    }
  });

  it('a CIDR range binds a monitor to every address in it, and only those', async () => {
    await start();
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.0/31'] });
    expect((await send('IN-RANGE', { localAddress: '127.0.0.1' })).code).toBe('AA');
    expect((await send('OUT-OF-RANGE', { localAddress: '127.0.0.2' })).code).toBe('AR');
    const rebound = await api('PATCH', `/api/devices/${MONITOR}`, { addresses: ['127.0.0.2'] });
    expect(rebound.status).toBe(200);
    expect((await send('REBOUND', { localAddress: '127.0.0.2' })).code).toBe('AA');
    expect((await api('PATCH', `/api/devices/${MONITOR}`, { addresses: ['10.0.0.300'] })).status).toBe(400);
    expect(await sessionReadings()).toHaveLength(2);
  });

  it('a gateway id over MLLP gets AR even from this machine: a gateway is bound to its key', async () => {
    await start();
    await api('POST', '/api/devices', { deviceId: 'cuff-bridge-1', name: 'Cuff bridge', roomId: 'room-1', kind: 'gateway' });
    await api('POST', '/api/devices/cuff-bridge-1/key');
    const answer = await send('GW-1', { deviceId: 'cuff-bridge-1', values: forged });
    expect(answer.code).toBe('AR');
    expect(answer.reason).toContain('is a gateway');
    expect(await sessionReadings()).toHaveLength(0);
    expect((await securityEvents())[0]).toMatchObject({ deviceId: 'cuff-bridge-1', remoteAddress: '127.0.0.1', code: 'gateway_over_mllp' });
  });

  it('a key created for a device registered as an HL7 monitor makes it a gateway, and its audit row says so', async () => {
    await start();
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] });
    expect((await api('POST', `/api/devices/${MONITOR}/key`)).status).toBe(201);
    expect((await registry()).find((d) => d.deviceId === MONITOR)).toMatchObject({ kind: 'gateway' });
    const row = (await readAudit(vigil.store.db)).find((entry) => entry.action === 'device.createKey');
    expect(row?.detail).toMatchObject({ deviceId: MONITOR, kind: { from: 'hl7', to: 'gateway' } });
    expect((await send('AFTER-1')).code).toBe('AR');
  });

  it('a connection from outside HL7_ALLOW is closed before any message is read, and recorded once a minute per address', async () => {
    await start({ hl7Allow: ['127.0.0.1'] });
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.0/8'] });
    for (const controlId of ['OUTSIDE-1', 'OUTSIDE-2']) {
      const client = await connectMllp(vigil.hl7!.port, { localAddress: ELSEWHERE }).catch(() => null);
      if (client) {
        clients.push(client);
        void client.send(mllpFrame(monitorMessage({ controlId, observedAt: vigil.clock.now() - 5_000, values: forged })));
        await expect(client.nextAck()).rejects.toThrow('connection closed');
      }
    }
    expect(await sessionReadings()).toHaveLength(0);
    await expect
      .poll(async () => (await securityEvents()).map((e) => [e.remoteAddress, e.code]))
      .toEqual([[ELSEWHERE, 'outside_allow_list']]);
    expect((await send('INSIDE')).code).toBe('AA');
  });

  it('an unknown id is held waiting for approval under its id and address (never a name it sent); approving it into a room assigns its readings', async () => {
    await start();
    const held = await send('NEW-1', { deviceId: 'FEEDFACE00000001', values: { ...normalValues, heartRate: 88 } as typeof forged });
    expect(held.code).toBe('AA');
    expect(await sessionReadings()).toHaveLength(0);
    const pending = (await registry()).find((d) => d.deviceId === 'FEEDFACE00000001')!;
    expect(pending).toMatchObject({ approval: 'pending', name: 'FEEDFACE00000001', firstAddress: '127.0.0.1', roomId: null });
    expect((await unassigned())[0]).toMatchObject({ deviceId: 'FEEDFACE00000001', reason: 'The device is waiting for approval' });
    // Nobody else can feed a waiting id, and its readings cannot be assigned by hand before approval.
    expect((await send('NEW-STRANGER', { deviceId: 'FEEDFACE00000001', localAddress: ELSEWHERE })).code).toBe('AR');
    // (Assigning a reading is a nurse's or prescriber's act.)
    const nurse = await signIn(vigil, 'nurse');
    const early = await api('POST', `/api/unassigned-readings/${(await unassigned())[0]!.readingId}/assign`, { sessionId }, nurse);
    expect(early.status).toBe(409);
    // Other roles see neither the waiting device nor any device id.
    const nurseView = await api<{ devices: object[] }>('GET', '/api/devices', undefined, nurse);
    expect(JSON.stringify(nurseView.body)).not.toContain('FEEDFACE');
    const nurseWaiting = await api<{ readings: UnassignedReading[] }>('GET', '/api/unassigned-readings', undefined, nurse);
    expect(nurseWaiting.body.readings).toEqual([expect.objectContaining({ deviceId: null, deviceName: 'A device waiting for approval' })]);
    expect((await api('GET', '/api/devices/security-events', undefined, nurse)).status).toBe(403);
    expect((await api('POST', '/api/devices/FEEDFACE00000001/approve', { roomId: 'room-1', name: 'X' }, nurse)).status).toBe(403);

    const approved = await api<{ device: DeviceStatus; assigned: number }>('POST', '/api/devices/FEEDFACE00000001/approve', {
      roomId: 'room-1',
      name: 'Bedside monitor 2',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      assigned: 1,
      device: { approval: 'approved', addresses: ['127.0.0.1'], roomId: 'room-1', name: 'Bedside monitor 2' },
    });
    const [reading] = await sessionReadings();
    expect(reading?.payload).toMatchObject({ vitals: { heartRateBpm: 88 } });
    expect(reading?.actor).toMatchObject({ deviceId: RECORD_ID, displayName: 'Bedside monitor 2', source: '127.0.0.1' });
    expect(await unassigned()).toEqual([]);
    expect((await send('NEW-2', { deviceId: 'FEEDFACE00000001' })).code).toBe('AA');
    expect(await sessionReadings()).toHaveLength(2);
    expect((await readAudit(vigil.store.db)).some((row) => row.action === 'device.approve' && row.userId === 'u-admin')).toBe(true);
  });

  it('a device is never placed in a retired room (its readings would reach no session): created, approved or moved there, refused', async () => {
    await start();
    expect((await api('PATCH', '/api/rooms/room-2', { retired: true })).status).toBe(200);
    const retired = { status: 409, body: { error: { code: 'conflict', issues: [{ path: ['roomId'], message: 'Retired room' }] } } };
    expect(
      await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Monitor', roomId: 'room-2', addresses: ['127.0.0.1'] }),
    ).toMatchObject(retired);
    expect(await registry()).toEqual([]);
    expect((await send('NEW-1', { deviceId: 'FEEDFACE00000001' })).code).toBe('AA');
    expect(await api('POST', '/api/devices/FEEDFACE00000001/approve', { roomId: 'room-2', name: 'X' })).toMatchObject(retired);
    expect((await registry()).find((d) => d.deviceId === 'FEEDFACE00000001')).toMatchObject({ approval: 'pending', roomId: null });
    expect(
      (await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Monitor', roomId: 'room-1', addresses: ['127.0.0.1'] })).status,
    ).toBe(201);
    expect(await api('PATCH', `/api/devices/${MONITOR}`, { roomId: 'room-2' })).toMatchObject(retired);
    expect((await registry()).find((d) => d.deviceId === MONITOR)).toMatchObject({ roomId: 'room-1' });
  });

  it("a device's placements are in the audit trail under their rooms: created, moved (from where) and rejected", async () => {
    await start();
    const rooms = async (roomId: string) =>
      (await queryAudit(vigil.store.db, { roomId, order: 'oldest' }))
        .filter((row) => row.action.startsWith('device.'))
        .map((row) => row.action);
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] });
    expect((await api('PATCH', `/api/devices/${MONITOR}`, { roomId: 'room-2' })).status).toBe(200);
    expect(await rooms('room-1')).toEqual(['device.create']);
    expect(await rooms('room-2')).toEqual(['device.update']);
    const moved = (await queryAudit(vigil.store.db, { action: 'device.update' }))[0];
    expect(moved?.detail).toMatchObject({ deviceId: MONITOR, roomId: 'room-2', fromRoomId: 'room-1' });
    expect((await api('POST', '/api/devices/FEEDFACE00000001/approve', { roomId: 'room-1', name: 'X' })).status).toBe(404);
    expect((await send('NEW-1', { deviceId: 'FEEDFACE00000001' })).code).toBe('AA');
    expect((await api('POST', '/api/devices/FEEDFACE00000001/approve', { roomId: 'room-1', name: 'Monitor 2' })).status).toBe(200);
    expect((await api('POST', '/api/devices/FEEDFACE00000001/reject')).status).toBe(200);
    expect(await rooms('room-1')).toEqual(['device.create', 'device.approve', 'device.reject']);
  });

  it('a rejected device is refused from then on and its held readings are never offered', async () => {
    await start();
    expect((await send('JUNK-1', { deviceId: 'BADBADBAD' })).code).toBe('AA');
    expect((await api('POST', '/api/devices/BADBADBAD/reject')).status).toBe(200);
    expect(await unassigned()).toEqual([]);
    const again = await send('JUNK-2', { deviceId: 'BADBADBAD' });
    expect(again.code).toBe('AR');
    expect(again.reason).toContain('rejected');
  });

  it("the number of devices waiting is capped (AE beyond it), and so is each source address's message rate (AE beyond it)", async () => {
    await start({ hl7MaxPendingDevices: 2 });
    expect((await send('P-1', { deviceId: 'PENDING-1' })).code).toBe('AA');
    expect((await send('P-2', { deviceId: 'PENDING-2' })).code).toBe('AA');
    const full = await send('P-3', { deviceId: 'PENDING-3' });
    expect(full.code).toBe('AE');
    expect(full.reason).toContain('2 devices are already waiting for approval');
    expect((await registry()).filter((d) => d.approval === 'pending')).toHaveLength(2);
    await vigil.close();

    // First messages of many new devices at once: the cap still holds (each from its own address).
    await start({ hl7MaxPendingDevices: 5 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => send(`Q-${i}`, { deviceId: `NEWCOMER-${i}`, localAddress: `127.0.1.${i + 1}` })),
    );
    expect(answers.filter((answer) => answer.code === 'AA')).toHaveLength(5);
    expect(answers.filter((answer) => answer.code === 'AE')).toHaveLength(7);
    expect((await registry()).filter((d) => d.approval === 'pending')).toHaveLength(5);
    await vigil.close();

    // One message a second (a burst of two): ten in one packet are mostly answered AE, and only the AA ones are kept.
    await start({ hl7RatePerSource: 1 });
    await api('POST', '/api/devices', { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] });
    const client = await connectMllp(vigil.hl7!.port);
    clients.push(client);
    const now = vigil.clock.now();
    await client.send(
      Buffer.concat(
        Array.from({ length: 10 }, (_, i) =>
          mllpFrame(monitorMessage({ controlId: `FLOOD-${i}`, observedAt: now - 60_000 + i, values: normalValues })),
        ),
      ),
    );
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) codes.push(msa(await client.nextAck()).code);
    expect(codes.filter((c) => c === 'AE').length).toBeGreaterThanOrEqual(5);
    expect(codes.filter((c) => c === 'AA').length).toBeGreaterThanOrEqual(1);
    expect(await sessionReadings()).toHaveLength(codes.filter((c) => c === 'AA').length);
    expect((await securityEvents()).filter((e) => e.code === 'rate_limited')).toHaveLength(1);
  });
});
