import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { BY_SERVER } from '../../../server/devices/deviceService';
import { DEMO_SESSIONS } from '../../../server/demo/demoClinic';
import { demoMonitor } from '../../../server/demo/hl7Feed';
import { startDemo } from '../../../server/demo/startDemo';
import { readAudit } from '../../../server/store/audit';
import { simulatedDeviceId } from '../../../shared/simulation/monitor';
import type { SessionEvent } from '../../../shared/session/events';
import { demoServerPerTest } from '../../support/demo';
import { testConfig } from '../../support/server';
import { findDevice } from '../../../server/store/devices';

const FIRST = DEMO_SESSIONS[0];

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the demo clinic', () => {
  const running = demoServerPerTest();

  const liveDeviceReadings = async (vigil: Vigil, after: number) =>
    (await vigil.sessions.eventsAfter(FIRST.sessionId, 0)).filter(
      (e): e is Extract<SessionEvent, { type: 'vitals.recorded' }> =>
        e.type === 'vitals.recorded' && e.actor.kind === 'device' && e.recordedAt >= after,
    );

  it('with HL7 on: registers a monitor per demo room and feeds the sessions over MLLP, with times from the (faster) demo clock; stop leaves nothing open', async () => {
    // 30x real time, a reading every 30 s of server time: one message a second per room.
    const vigil = await running.start(testConfig({ hl7Port: 0, demo: true, clockRate: 30, demoReadingIntervalSeconds: 30 }));
    const lines: string[] = [];
    running.keep(await startDemo(vigil, { log: (line) => lines.push(line) }));
    expect(lines.join('\n')).toContain('over MLLP');

    const devices = await vigil.devices.list();
    for (const session of DEMO_SESSIONS) {
      expect(devices.find((d) => d.deviceId === simulatedDeviceId(session.roomId))).toMatchObject({
        roomId: session.roomId,
        kind: 'hl7',
        name: demoMonitor(session.roomId).name,
      });
    }

    const startedAt = vigil.clock.now();
    const realStart = Date.now();
    const reading = await waitFor(async () => (await liveDeviceReadings(vigil, startedAt))[0]);
    // Bound to this machine, and the record says so.
    expect(reading.actor).toEqual({
      kind: 'device',
      deviceId: (await findDevice(vigil.store.db, simulatedDeviceId(FIRST.roomId)))?.record_id,
      displayName: demoMonitor(FIRST.roomId).name,
      source: '127.0.0.1',
    });
    // The seeded history and the live feed are one monitor in the record (two would leave one silent, a technical alarm).
    const monitorsInRecord = new Set(
      (await vigil.sessions.eventsAfter(FIRST.sessionId, 0)).flatMap((e) => (e.actor.kind === 'device' ? [e.actor.deviceId] : [])),
    );
    expect([...monitorsInRecord]).toEqual([reading.actor.kind === 'device' ? reading.actor.deviceId : null]);
    // Written from the demo clock, which runs ahead of the wall clock.
    expect(reading.observedAt).toBeGreaterThanOrEqual(startedAt);
    expect(reading.observedAt).toBeGreaterThan(realStart + 5_000);
    // It came through the HL7 listener: the intake audits each device message with its remote address.
    const audit = await readAudit(vigil.store.db, FIRST.sessionId);
    expect(audit.some((a) => a.action === 'device.reading' && a.remoteAddress?.includes('127.0.0.1'))).toBe(true);
    const status = (await vigil.devices.get(simulatedDeviceId(FIRST.roomId)))!;
    expect(status.state).toBe('sending');

    // Stopping: the monitors' connections end with the feed and the server closes cleanly.
    const port = vigil.hl7!.port;
    await running.stop();
    const refused = await new Promise<boolean>((resolve) => {
      const probe = net.connect({ host: '127.0.0.1', port });
      probe.once('connect', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('a restart keeps the registry as the admin left it (a monitor taken out of its room stays out)', async () => {
    const config = testConfig({ hl7Port: 0, demo: true, demoReadingIntervalSeconds: 3600 });
    let vigil = await running.start(config);
    running.keep(await startDemo(vigil, { log: () => {} }));
    const deviceId = simulatedDeviceId(FIRST.roomId);
    expect((await vigil.devices.update(deviceId, { roomId: null }, BY_SERVER)).ok).toBe(true);
    await running.stop();
    vigil = await running.start(config);
    running.keep(await startDemo(vigil, { log: () => {} }));
    expect((await vigil.devices.get(deviceId))?.roomId).toBeNull();
  });

  it('with HL7 off: the same sessions are fed in-process as the room monitor', async () => {
    const vigil = await running.start(testConfig({ hl7Port: null, demo: true, clockRate: 30, demoReadingIntervalSeconds: 30 }));
    running.keep(await startDemo(vigil, { log: () => {} }));
    const startedAt = vigil.clock.now();
    const reading = await waitFor(async () => (await liveDeviceReadings(vigil, startedAt))[0]);
    expect(reading.actor).toMatchObject({ kind: 'device', deviceId: simulatedDeviceId(FIRST.roomId) });
    expect(await vigil.devices.list()).toEqual([]);
  });
});
