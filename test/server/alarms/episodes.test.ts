import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Actor } from '../../../shared/session/actor';
import type { VitalSet } from '../../../shared/vitals/schema';
import { request } from '../../support/server';
import { alarmEvent, alarmTest, alarmTrail, appendDose, appendNow, recordVitals, storedEvents } from './harness';

const baseline = { systolicMmHg: 120, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98, respiratoryRatePerMin: 14 };
const monitor: Actor = { kind: 'device', deviceId: 'mon-9', displayName: 'Monitor 9' };
const MINUTE = 60_000;

/**
 * One alarm per episode on a live server: real sockets, a real SQLite file, a manual clock.
 * A continuing condition that hovers, clears and returns is one alarm on every screen; a
 * monitor's single sample only ever shows as "checking".
 */
describe('alarm episodes on live sessions (real server, real sockets, manual clock)', () => {
  /** A test with the session's room monitor: `fromMonitor` appends a monitor sample now. */
  const monitorTest = alarmTest.extend<{ fromMonitor: (vitals: VitalSet) => ReturnType<typeof appendNow> }>({
    fromMonitor: async ({ server, sessionId }, use) =>
      use((vitals) => appendNow(server, sessionId, 'vitals.recorded', { readingId: randomUUID(), vitals }, monitor)),
  });

  alarmTest(
    'a rise that hovers around +40, clears and comes back within 10 minutes is one alarm with every crossing, on every screen',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const prescriber = await server.screen('prescriber', sessionId);
      await recordVitals(server, nurse.socket, sessionId, baseline);
      await appendDose(server, sessionId);
      for (const systolicMmHg of [162, 157, 163, 156, 161]) {
        // A nurse's pressure every 3 minutes: +42, +37, +43, +36, +41 (the margin holds it down to +35).
        server.clock.advance(3 * MINUTE);
        await recordVitals(server, nurse.socket, sessionId, { ...baseline, systolicMmHg, diastolicMmHg: 88 });
        await server.vigil.alarms.evaluate(sessionId);
      }
      server.clock.advance(3 * MINUTE);
      await recordVitals(server, nurse.socket, sessionId, { ...baseline, systolicMmHg: 140, diastolicMmHg: 84 });
      await nurse.waitFor(alarmEvent('alarm.cleared', 'rise:systolic'));
      server.clock.advance(6 * MINUTE);
      await recordVitals(server, nurse.socket, sessionId, { ...baseline, systolicMmHg: 164, diastolicMmHg: 88 });
      await prescriber.waitFor((event) => event.type === 'alarm.raised' && event.payload.continuesEpisode === true);

      const trail = alarmTrail(await storedEvents(server.vigil, sessionId));
      expect(trail.filter((line) => line.startsWith('alarm.raised'))).toEqual(['alarm.raised rise:systolic', 'alarm.raised rise:systolic']);
      for (const screen of [nurse, prescriber]) {
        await expect.poll(() => screen.state().alarms.find((alarm) => alarm.alarmId === 'rise:systolic')?.crossings.length).toBe(2);
        const rise = screen.state().alarms.filter((alarm) => alarm.alarmId === 'rise:systolic');
        expect(rise).toHaveLength(1);
        expect(rise[0]).toMatchObject({ occurrence: 0, status: 'active', value: 164 });
        expect(rise[0]!.crossings.map((crossing) => crossing.value)).toEqual([162, 164]);
      }
    },
  );

  monitorTest(
    'a monitor heart-rate spike is shown as checking, never sounds, and clears with the next sample',
    async ({ server, sessionId, fromMonitor }) => {
      const nurse = await server.screen('nurse', sessionId);
      await fromMonitor({ heartRateBpm: 72, spo2Percent: 97 });
      server.clock.advance(5_000);
      await fromMonitor({ heartRateBpm: 148, spo2Percent: 97 });
      const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'limit:heart-rate-high'));
      expect(raised.payload).toMatchObject({ recheck: true, priority: 'high' });
      expect(nurse.state().alarms[0]).toMatchObject({ status: 'recheck', lastSoundedAt: null });
      server.clock.advance(5_000);
      await fromMonitor({ heartRateBpm: 73, spo2Percent: 97 });
      await nurse.waitFor(alarmEvent('alarm.cleared', 'limit:heart-rate-high'));
      // Time passes: nothing escalates, nothing sounded.
      server.clock.advance(5 * MINUTE);
      await server.vigil.alarms.tick();
      const stored = await storedEvents(server.vigil, sessionId);
      expect(alarmTrail(stored)).toEqual(['alarm.raised limit:heart-rate-high', 'alarm.cleared limit:heart-rate-high']);
      expect(nurse.state().alarms[0]?.lastSoundedAt).toBeNull();
    },
  );

  monitorTest('the nurse confirming a checking sample as real makes it sound at once', async ({ server, sessionId, fromMonitor }) => {
    const nurse = await server.screen('nurse', sessionId);
    await fromMonitor({ spo2Percent: 97 });
    server.clock.advance(5_000);
    await fromMonitor({ spo2Percent: 92 });
    const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'limit:spo2-medium'));
    const readingId = (raised.payload as { readingId: string }).readingId;
    const ack = await request(nurse.socket, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId });
    expect(ack.ok).toBe(true);
    await nurse.waitFor(alarmEvent('alarm.confirmed', 'limit:spo2-medium'));
    expect(nurse.state().alarms[0]).toMatchObject({ status: 'active', lastSoundedAt: server.clock.now() });
  });
});
