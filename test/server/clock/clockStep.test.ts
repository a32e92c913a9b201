import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../../../server/clock';
import type { ServerClockNotice } from '../../../shared/realtime/contract';
import { alarmEvent, alarmTrail, recordVitals, startAlarmServer, T0, type AlarmServer, type Screen } from '../alarms/harness';
import { request, signIn, type TestSocket } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from '../devices/mllpClient';
import { monitorMessage, normalValues } from '../devices/messages';
import { findDevice } from '../../../server/store/devices';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
const highBp = { ...normal, systolicMmHg: 184, diastolicMmHg: 96 };
const MONITOR = '0011223344556677';

/**
 * The server's clinical clock over time sources the test moves: `advance` is real time passing,
 * `stepWall` an operator or NTP setting the machine's clock (the system clock is never touched).
 */
function steppedClock(initialStepMs = 0) {
  let mono = 0;
  let step = initialStepMs;
  const clock = createClock(1, 0, { mono: () => mono, wall: () => T0 + mono + step });
  return Object.assign(clock, {
    advance: (ms: number) => void (mono += ms),
    set: (ms: number) => void (mono += ms - clock.now()),
    stepWall: (ms: number) => void (step += ms),
    /** What a tablet or monitor with the right time reads. */
    trueNow: () => T0 + mono,
  });
}

describe("a step of the server's wall clock (injected) moves no clinical timer and is shown as a technical alarm", () => {
  let server: AlarmServer;
  let clock: ReturnType<typeof steppedClock>;
  let sessionId: string;
  const mllp: MllpTestClient[] = [];

  beforeEach(async () => {
    clock = steppedClock();
    // A store of its own (SQLite), also when DATABASE_URL is set: the rooms' running sessions must be this test's.
    server = await startAlarmServer({ clock, config: { hl7Port: 0, databaseUrl: null } });
    sessionId = await server.openSession();
  });
  afterEach(async () => {
    for (const client of mllp.splice(0)) client.close();
    await server.close();
  });

  /** Every request before it has been answered and every event before it delivered (one socket, in order). */
  async function settled(socket: TestSocket) {
    const synced = await request(socket, 'time.sync', { clientSentAt: Date.now() });
    if (!synced.ok) throw new Error(synced.error.message);
    return synced.serverNow;
  }

  /** The bedside monitor MONITOR, bound to 127.0.0.1 and placed in room 1 by an admin. */
  async function registerMonitor() {
    const cookie = await signIn(server.vigil, 'admin');
    const created = await fetch(`${server.vigil.url}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] }),
    });
    expect(created.status).toBe(201);
  }

  async function dosed(nurse: Screen) {
    await recordVitals(server, nurse.socket, sessionId, normal);
    await server.vigil.sessions.append(sessionId, [
      {
        sessionId,
        type: 'dose.recorded',
        payload: { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' },
        observedAt: clock.now(),
        actor: { kind: 'user', userId: 'u-nurse', displayName: 'Test nurse', role: 'nurse' },
        commandId: randomUUID(),
      },
    ]);
  }

  it('back an hour, then forward two: the overdue alarm neither clears nor escalates early, tablets with the right time are accepted, recorded times never go back, admins and prescribers see the step', async () => {
    const nurse = await server.screen('nurse', sessionId);
    const notices = new Map<string, (ServerClockNotice | null)[]>();
    const people = new Map<string, TestSocket>();
    for (const role of ['prescriber', 'admin', 'therapist']) {
      const socket = await server.client(role);
      people.set(role, socket);
      notices.set(role, []);
      socket.on('server.clock', (notice) => notices.get(role)!.push(notice));
    }
    const nurseNotices: unknown[] = [];
    nurse.socket.on('server.clock', (notice) => nurseNotices.push(notice));
    await dosed(nurse);
    // The 15-minute check, with 5 minutes' grace, is overdue (low) from minute 20; it escalates to
    // medium at 30, or, while the 30-minute check is on time (25-35), once that window ends: at 35.
    clock.advance(20 * MINUTE);
    await server.vigil.alarms.tick();
    await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:low'));

    clock.stepWall(-HOUR);
    await server.vigil.alarms.tick();
    expect(await settled(nurse.socket)).toBe(clock.trueNow());
    expect(alarmTrail(nurse.events)).toEqual(['alarm.raised overdue:15:low']);
    await expect.poll(() => notices.get('prescriber')!.at(-1)).toMatchObject({ stepMs: -HOUR, remainingMs: HOUR });
    await expect.poll(() => notices.get('admin')!.at(-1)).toMatchObject({ stepMs: -HOUR });

    // A tablet with the right time, in another room: its "measured at" is an hour after the stepped wall clock.
    const other = await server.openSession('room-2');
    const tablet = await request(nurse.socket, 'vitals.record', {
      commandId: randomUUID(),
      sessionId: other,
      observedAt: clock.trueNow(),
      vitals: normal,
    });
    expect(tablet).toMatchObject({ ok: true });
    // Every screen keeps being served: a burst within the rate limit is not refused.
    for (let i = 0; i < 20; i += 1) expect((await request(nurse.socket, 'time.sync', { clientSentAt: Date.now() })).ok).toBe(true);

    clock.stepWall(2 * HOUR);
    clock.advance(15 * MINUTE - 1_000);
    await server.vigil.alarms.tick();
    await settled(nurse.socket);
    expect(alarmTrail(nurse.events)).toEqual(['alarm.raised overdue:15:low']);
    await expect.poll(() => notices.get('prescriber')!.at(-1)).toMatchObject({ stepMs: 2 * HOUR });
    clock.advance(1_000);
    await server.vigil.alarms.tick();
    await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:medium'));

    const recorded = (await server.vigil.sessions.eventsAfter(sessionId, 0)).map((event) => event.recordedAt);
    expect(recorded).toEqual([...recorded].sort((a, b) => a - b));
    expect(notices.get('therapist')).toEqual([]);
    expect(nurseNotices).toEqual([]);
  });

  it('a wall clock that ran slow and is set right: a monitor and a tablet with the right time are stored at once, while the server still absorbs the step', async () => {
    await server.close();
    clock = steppedClock(-10 * MINUTE); // The machine booted before NTP had set its clock.
    server = await startAlarmServer({ clock, config: { hl7Port: 0, databaseUrl: null } });
    sessionId = await server.openSession();
    await registerMonitor();
    const nurse = await server.screen('nurse', sessionId);
    clock.advance(MINUTE);
    clock.stepWall(10 * MINUTE);
    await server.vigil.alarms.tick();
    // Clinical time follows slowly: about 10 minutes behind the right time for a long while.
    expect(clock.trueNow() - clock.now()).toBeGreaterThan(9 * MINUTE);

    const monitor = await connectMllp(server.vigil.hl7!.port);
    mllp.push(monitor);
    await monitor.send(mllpFrame(monitorMessage({ controlId: 'C-1', observedAt: clock.trueNow(), values: normalValues })));
    expect(msa(await monitor.nextAck()).code).toBe('AA');
    const tablet = await request(nurse.socket, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: clock.trueNow(),
      vitals: normal,
    });
    expect(tablet).toMatchObject({ ok: true });
    const stored = (await server.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded');
    expect(stored.map((event) => event.actor.kind).sort()).toEqual(['device', 'user']);
    expect(await server.vigil.store.db.selectFrom('unassigned_readings').selectAll().execute()).toEqual([]);
    // Beyond the right time (and its 2-minute tolerance) is still the future.
    const ahead = await request(nurse.socket, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: clock.trueNow() + 3 * MINUTE,
      vitals: normal,
    });
    expect(ahead).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['observedAt'] }] } });
  });

  it('a monitor with the right time is stored in its session, not parked; device silence counts real minutes across steps', async () => {
    await registerMonitor();
    const nurse = await server.screen('nurse', sessionId);
    const monitor = await connectMllp(server.vigil.hl7!.port);
    mllp.push(monitor);
    let control = 0;
    const send = async () => {
      control += 1;
      await monitor.send(mllpFrame(monitorMessage({ controlId: `C-${control}`, observedAt: clock.trueNow(), values: normalValues })));
      return msa(await monitor.nextAck()).code;
    };
    expect(await send()).toBe('AA');
    clock.advance(9 * MINUTE);
    clock.stepWall(-HOUR);
    await server.vigil.alarms.tick();
    expect(await send()).toBe('AA');
    const fromMonitor = (await server.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.actor.kind === 'device');
    expect(fromMonitor).toHaveLength(2);
    const parked = await server.vigil.store.db.selectFrom('unassigned_readings').selectAll().execute();
    expect(parked).toEqual([]);

    // Silent from here: the alarm comes 10 real minutes later, not earlier after a forward step.
    clock.stepWall(2 * HOUR);
    clock.advance(10 * MINUTE - 1_000);
    await server.vigil.alarms.tick();
    await settled(nurse.socket);
    expect(alarmTrail(nurse.events)).toEqual([]);
    clock.advance(1_000);
    await server.vigil.alarms.tick();
    // The alarm names the monitor by its record id (never the id it sends).
    const recordId = (await findDevice(server.vigil.store.db, MONITOR))?.record_id;
    await nurse.waitFor(alarmEvent('alarm.raised', `device-silent:${recordId}`));
  });

  it('an audio pause lasts its real minutes and an acknowledged alarm re-alarms after its real 3 minutes, the wall clock stepped forward then back', async () => {
    const nurse = await server.screen('nurse', sessionId);
    await recordVitals(server, nurse.socket, sessionId, highBp);
    await nurse.waitFor(alarmEvent('alarm.raised', 'limit:systolic-high'));
    const reAlarms = () => alarmTrail(nurse.events).filter((line) => line.startsWith('alarm.reAlarmed'));
    // Slewing at 1% moves an instant by at most this much over the minutes here.
    const slack = 3 * MINUTE * 0.02;

    const acknowledge = async () => {
      const answer = await request(nurse.socket, 'alarm.acknowledge', {
        commandId: randomUUID(),
        sessionId,
        alarmId: 'limit:systolic-high',
      });
      expect(answer).toMatchObject({ ok: true });
      return clock.trueNow();
    };
    let acknowledgedAt = await acknowledge();
    clock.stepWall(HOUR);
    clock.advance(1_000);
    const paused = await request(nurse.socket, 'alarm.pauseAudio', { commandId: randomUUID(), sessionId });
    if (!paused.ok) throw new Error(paused.error.message);
    expect((paused.event.payload as { untilMs: number }).untilMs).toBe(clock.trueNow() + 2 * MINUTE);
    await server.vigil.alarms.tick();
    await settled(nurse.socket);
    expect(reAlarms()).toEqual([]);
    clock.advance(acknowledgedAt + 3 * MINUTE - slack - clock.trueNow());
    await server.vigil.alarms.tick();
    await settled(nurse.socket);
    expect(reAlarms()).toEqual([]);
    clock.advance(2 * slack);
    await server.vigil.alarms.tick();
    await expect.poll(() => reAlarms()).toHaveLength(1);

    acknowledgedAt = await acknowledge();
    clock.stepWall(-2 * HOUR);
    clock.advance(3 * MINUTE - slack);
    await server.vigil.alarms.tick();
    await settled(nurse.socket);
    expect(reAlarms()).toHaveLength(1);
    clock.advance(acknowledgedAt + 3 * MINUTE + slack - clock.trueNow());
    await server.vigil.alarms.tick();
    await expect.poll(() => reAlarms()).toHaveLength(2);
  });
});
