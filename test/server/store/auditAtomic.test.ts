import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { readAudit } from '../../../server/store/audit';
import type { DevicesClientToServerEvents, DevicesServerToClientEvents, ReadingStored } from '../../../shared/realtime/devicesContract';
import type { Result } from '../../../shared/result';
import { connectMllp, mllpFrame, msa } from '../devices/mllpClient';
import { monitorMessage, normalValues } from '../devices/messages';
import {
  connectClient,
  goodVitals,
  openTestSession,
  request,
  signIn,
  startTestServer,
  type TestSocket,
  httpAs,
} from '../../support/server';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const MONITOR = '0011223344556677';
type GatewaySocket = Socket<DevicesServerToClientEvents, DevicesClientToServerEvents>;

/**
 * The audit row commits in the same transaction as the change it describes, on every path:
 * with the audit insert failing (a trigger on the real SQLite file), nothing is stored and the
 * sender is told so; once it works again, the resend is stored once, with its audit row.
 */
describe('an audit row and the change it describes are stored together or not at all', () => {
  let vigil: Vigil;
  let sessionId: string;
  let adminCookie: string;
  const closers: (() => void)[] = [];
  const clock = createManualClock(T0);

  const breakAudit = () =>
    sql`CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit disk gone'); END`.execute(vigil.store.db);
  const mendAudit = () => sql`DROP TRIGGER audit_broken`.execute(vigil.store.db);
  const stored = async (type: string) => (await vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === type);
  const auditRows = async (action: string) => (await readAudit(vigil.store.db)).filter((row) => row.action === action);

  const admin = (method: string, url: string, body?: unknown) => httpAs(vigil, adminCookie, method, url, body);

  /** The bedside monitor, sending from this machine, in a room or none. */
  async function registerMonitor(roomId: string | null) {
    const name = roomId ? 'Bedside monitor 1' : 'Spare monitor';
    expect((await admin('POST', '/api/devices', { deviceId: MONITOR, name, roomId, addresses: ['127.0.0.1'] })).status).toBe(201);
  }

  async function nurseSocket(): Promise<TestSocket> {
    const socket = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    closers.push(() => socket.disconnect());
    return socket;
  }

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: 0 }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    sessionId = await openTestSession(vigil, 'room-1');
    adminCookie = await signIn(vigil, 'admin');
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await vigil.close();
  });

  it('socket command: refused as store_unavailable with nothing stored; the resend is stored once with its audit row', async () => {
    const nurse = await nurseSocket();
    const command = { commandId: randomUUID(), sessionId, observedAt: clock.now(), vitals: goodVitals };
    await breakAudit();
    const refused = await request(nurse, 'vitals.record', command);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'store_unavailable', message: expect.stringContaining('The audit trail could not be written') },
    });
    expect(await stored('vitals.recorded')).toEqual([]);
    await mendAudit();
    const accepted = await request(nurse, 'vitals.record', command);
    expect(accepted).toMatchObject({ ok: true, duplicate: false });
    expect(await stored('vitals.recorded')).toHaveLength(1);
    const rows = await auditRows('vitals.record');
    expect(rows).toEqual([
      expect.objectContaining({
        userId: 'u-nurse',
        sessionId,
        detail: expect.objectContaining({ commandId: command.commandId, seq: accepted.ok ? accepted.event.seq : -1 }),
      }),
    ]);
    // A repeat is acknowledged as a duplicate and writes no second row.
    expect(await request(nurse, 'vitals.record', command)).toMatchObject({ ok: true, duplicate: true });
    expect(await auditRows('vitals.record')).toHaveLength(1);
  });

  it("HL7: answered AE with nothing stored; the monitor's resend is answered AA and stored once with its audit row", async () => {
    await registerMonitor('room-1');
    const client = await connectMllp(vigil.hl7!.port);
    closers.push(() => client.close());
    const message = mllpFrame(monitorMessage({ controlId: 'MSG-AUDIT-1', observedAt: clock.now() - 30_000, values: normalValues }));
    await breakAudit();
    await client.send(message);
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AE', reason: expect.stringContaining('please resend') });
    expect(await stored('vitals.recorded')).toEqual([]);
    await mendAudit();
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    expect(await stored('vitals.recorded')).toHaveLength(1);
    expect(await auditRows('device.reading')).toEqual([
      expect.objectContaining({ userId: null, sessionId, detail: expect.objectContaining({ deviceId: MONITOR, stored: 'session' }) }),
    ]);
  });

  it("HL7: a reading, its audit row and its device's last-message time commit together or not at all", async () => {
    await registerMonitor('room-1');
    const lastMessageAt = async () =>
      ((await admin('GET', '/api/devices')).body.devices as { deviceId: string; lastMessageAt: number | null }[]).find(
        (device) => device.deviceId === MONITOR,
      )?.lastMessageAt;
    const client = await connectMllp(vigil.hl7!.port);
    closers.push(() => client.close());
    const message = mllpFrame(monitorMessage({ controlId: 'MSG-ATOMIC-1', observedAt: clock.now() - 30_000, values: normalValues }));

    // The device's bookkeeping cannot be written: the reading and its audit row are not kept either.
    await sql`CREATE TRIGGER device_broken BEFORE UPDATE ON devices BEGIN SELECT RAISE(ABORT, 'device row gone'); END`.execute(
      vigil.store.db,
    );
    await client.send(message);
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AE', reason: expect.stringContaining('please resend') });
    await sql`DROP TRIGGER device_broken`.execute(vigil.store.db);
    expect(await stored('vitals.recorded')).toEqual([]);
    expect(await auditRows('device.reading')).toEqual([]);
    expect(await lastMessageAt()).toBeNull();

    // The reading's audit row cannot be written: neither the reading nor the device's time is kept.
    await breakAudit();
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AE');
    await mendAudit();
    expect(await stored('vitals.recorded')).toEqual([]);
    expect(await lastMessageAt()).toBeNull();

    clock.advance(1_000);
    await client.send(message);
    expect(msa(await client.nextAck()).code).toBe('AA');
    expect(await stored('vitals.recorded')).toHaveLength(1);
    expect(await auditRows('device.reading')).toHaveLength(1);
    expect(await lastMessageAt()).toBe(clock.now());
  });

  it('gateway: refused as store_unavailable; the resend is stored once with its audit row', async () => {
    expect(
      (await admin('POST', '/api/devices', { deviceId: 'cuff-bridge-1', name: 'Cuff bridge', roomId: 'room-1', kind: 'gateway' })).status,
    ).toBe(201);
    const keyed = await admin('POST', '/api/devices/cuff-bridge-1/key');
    const socket: GatewaySocket = connect(`${vigil.url}/devices`, {
      transports: ['websocket'],
      auth: { deviceId: 'cuff-bridge-1', key: keyed.body.key as string },
      reconnection: false,
      forceNew: true,
    });
    closers.push(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const submit = (payload: unknown) => new Promise<Result<ReadingStored>>((resolve) => socket.emit('reading.submit', payload, resolve));
    const reading = {
      commandId: randomUUID(),
      observedAt: clock.now(),
      vitals: { systolicMmHg: 131, diastolicMmHg: 84, heartRateBpm: 70 },
    };
    await breakAudit();
    expect(await submit(reading)).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
    expect(await stored('vitals.recorded')).toEqual([]);
    await mendAudit();
    expect(await submit(reading)).toMatchObject({ ok: true, stored: 'session', duplicate: false });
    expect(await stored('vitals.recorded')).toHaveLength(1);
    expect(await auditRows('device.reading')).toHaveLength(1);
  });

  it('HTTP: assigning a waiting reading answers 503 and changes nothing; the retry assigns it once with its audit row', async () => {
    await registerMonitor(null);
    const client = await connectMllp(vigil.hl7!.port);
    closers.push(() => client.close());
    await client.send(mllpFrame(monitorMessage({ controlId: 'MSG-WAIT-1', observedAt: clock.now() - 30_000, values: normalValues })));
    expect(msa(await client.nextAck()).code).toBe('AA');
    const waiting = (await admin('GET', '/api/unassigned-readings')).body.readings as { readingId: string }[];
    expect(waiting).toHaveLength(1);
    const readingId = waiting[0]!.readingId;
    // Putting the reading into the record is a nurse's act.
    const nurseCookie = await signIn(vigil, 'nurse');
    const nurse = (method: string, url: string, body?: unknown) => httpAs(vigil, nurseCookie, method, url, body);
    // The waiting reading cannot be marked assigned: it is not added to the session either.
    await sql`CREATE TRIGGER mark_broken BEFORE UPDATE ON unassigned_readings BEGIN SELECT RAISE(ABORT, 'mark gone'); END`.execute(
      vigil.store.db,
    );
    expect((await nurse('POST', `/api/unassigned-readings/${encodeURIComponent(readingId)}/assign`, { sessionId })).status).toBe(500);
    await sql`DROP TRIGGER mark_broken`.execute(vigil.store.db);
    expect(await stored('vitals.recorded')).toEqual([]);
    await breakAudit();
    const refused = await nurse('POST', `/api/unassigned-readings/${encodeURIComponent(readingId)}/assign`, { sessionId });
    expect(refused).toMatchObject({ status: 503, body: { ok: false, error: { code: 'store_unavailable' } } });
    expect(await stored('vitals.recorded')).toEqual([]);
    await mendAudit();
    expect((await nurse('POST', `/api/unassigned-readings/${encodeURIComponent(readingId)}/assign`, { sessionId })).status).toBe(200);
    expect(await stored('vitals.recorded')).toHaveLength(1);
    expect(await auditRows('reading.assign')).toEqual([
      expect.objectContaining({ userId: 'u-nurse', sessionId, detail: expect.objectContaining({ readingId }) }),
    ]);
  });

  it('HTTP: a device registry change answers 503 and changes nothing while its audit row cannot be written; the retry is stored with its row', async () => {
    await registerMonitor('room-1');
    const device = async () =>
      ((await admin('GET', '/api/devices')).body.devices as { deviceId: string; name: string; approval: string }[]).find(
        (candidate) => candidate.deviceId === MONITOR,
      );
    await breakAudit();
    expect(await admin('PATCH', `/api/devices/${MONITOR}`, { name: 'Monitor by the window' })).toMatchObject({
      status: 503,
      body: { ok: false, error: { code: 'store_unavailable' } },
    });
    expect(await admin('POST', `/api/devices/${MONITOR}/reject`)).toMatchObject({ status: 503 });
    expect(
      await admin('POST', '/api/devices', { deviceId: 'cuff-bridge-9', name: 'Cuff bridge', roomId: null, kind: 'gateway' }),
    ).toMatchObject({
      status: 503,
    });
    await mendAudit();
    expect(await device()).toMatchObject({ name: 'Bedside monitor 1', approval: 'approved' });
    expect((await admin('GET', '/api/devices')).body.devices).toHaveLength(1);
    expect(await auditRows('device.update')).toEqual([]);
    expect((await admin('PATCH', `/api/devices/${MONITOR}`, { name: 'Monitor by the window' })).status).toBe(200);
    expect(await device()).toMatchObject({ name: 'Monitor by the window' });
    expect(await auditRows('device.update')).toEqual([
      expect.objectContaining({ userId: 'u-admin', detail: expect.objectContaining({ deviceId: MONITOR, name: 'Monitor by the window' }) }),
    ]);
    expect(await auditRows('device.create')).toHaveLength(1);
  });

  it('alarm engine: a pass whose audit row fails stores no alarm; the next pass stores it with its audit row', async () => {
    const nurse = await nurseSocket();
    await breakAudit();
    // A desaturation typed by a nurse is refused too: its own audit row cannot be written.
    const typeDesaturation = () =>
      request(nurse, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: clock.now(),
        vitals: { ...goodVitals, spo2Percent: 85 },
      });
    expect(await typeDesaturation()).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
    await mendAudit();
    expect((await typeDesaturation()).ok).toBe(true);
    // The engine reacts to that commit by itself; let it finish, then break the audit for the timer's passes.
    await expect.poll(async () => (await stored('alarm.raised')).length).toBeGreaterThan(0);
    const raisedBefore = (await stored('alarm.raised')).length;
    const beforeBrokenTick = (await vigil.sessions.eventsAfter(sessionId, 0)).length;
    const engineRowsBefore = (await auditRows('alarm.evaluate')).length;
    await breakAudit();
    clock.advance(30 * 60_000);
    await vigil.alarms.tick();
    // What the pass planned (the overdue checks, the re-alarm) is not stored without its audit row.
    const afterBrokenTick = (await vigil.sessions.eventsAfter(sessionId, 0)).length;
    expect(afterBrokenTick).toBe(beforeBrokenTick);
    expect(await auditRows('alarm.evaluate')).toHaveLength(engineRowsBefore);
    await mendAudit();
    await vigil.alarms.tick();
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).length).toBeGreaterThan(afterBrokenTick);
    expect((await stored('alarm.raised')).length).toBeGreaterThanOrEqual(raisedBefore);
    const engineRows = await auditRows('alarm.evaluate');
    const alarmEvents = (await vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.actor.kind === 'system');
    // Every stored engine event is covered by an engine audit row (one row per pass, naming its first and last seq).
    for (const event of alarmEvents) {
      expect(
        engineRows.some((row) => Number(row.detail.seq) <= event.seq && event.seq <= Number(row.detail.lastSeq ?? row.detail.seq)),
      ).toBe(true);
    }
  });
});
