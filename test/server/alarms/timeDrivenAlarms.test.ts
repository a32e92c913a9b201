import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alarmEvent, alarmTest, alarmTrail, appendDose, appendNow, recordVitals, startAlarmSession, tickAfter } from './harness';

const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };

describe('time-driven alarms from the timer tick (real server, real sockets, manual clock)', () => {
  alarmTest(
    'a scheduled check left undone is a low alarm, then medium 10 minutes later (waiting while the next check is on time); a late reading clears it',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      await recordVitals(server, nurse.socket, sessionId, normal);
      await appendDose(server, sessionId);
      // The 15-minute check is due at 15 with 5 minutes' grace: overdue (low) from minute 20.
      await tickAfter(server, 20 * 60_000 - 1);
      expect(alarmTrail(nurse.events)).toEqual([]);
      await tickAfter(server, 1);
      const low = await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:low'));
      expect(low.payload).toMatchObject({ priority: 'low', kind: 'overdue_check' });
      // Minute 30: the 30-minute check falls due now, on time until 35; the nurse taking it
      // satisfies both, so the 15-minute check does not escalate yet.
      await tickAfter(server, 10 * 60_000);
      expect(alarmTrail(nurse.events)).toEqual(['alarm.raised overdue:15:low']);
      await tickAfter(server, 5 * 60_000);
      await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:medium'));
      await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:30:low'));
      expect(alarmTrail(nurse.events)).toEqual([
        'alarm.raised overdue:15:low',
        'alarm.cleared overdue:15:low',
        'alarm.raised overdue:15:medium',
        'alarm.raised overdue:30:low',
      ]);
      await recordVitals(server, nurse.socket, sessionId, normal);
      await nurse.waitFor(alarmEvent('alarm.cleared', 'overdue:15:medium'));
      await nurse.waitFor(alarmEvent('alarm.cleared', 'overdue:30:low'));
      expect(nurse.state().alarms.filter((alarm) => alarm.status !== 'cleared')).toEqual([]);
    },
  );

  alarmTest(
    'a device that stops sending raises a technical alarm after 10 minutes of server time; sending again clears it',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const oximeter = { kind: 'device' as const, deviceId: 'oxi-7', displayName: 'Oximeter 7' };
      const fromDevice = (spo2Percent: number) =>
        appendNow(server, sessionId, 'vitals.recorded', { readingId: randomUUID(), vitals: { spo2Percent } }, oximeter);
      await fromDevice(97);
      await tickAfter(server, 10 * 60_000 - 1);
      expect(alarmTrail(nurse.events)).toEqual([]);
      await tickAfter(server, 1);
      const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'device-silent:oxi-7'));
      expect(raised.payload).toMatchObject({ technical: true, priority: 'medium', message: expect.stringContaining('Oximeter 7') });
      await fromDevice(96);
      await nurse.waitFor(alarmEvent('alarm.cleared', 'device-silent:oxi-7'));
    },
  );

  alarmTest(
    'an oximeter\'s single SpO2 of 93 is "checking" (silent); with no repeat sample within 90 s the tick sounds it',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      await recordVitals(server, nurse.socket, sessionId, normal);
      const oximeter = { kind: 'device' as const, deviceId: 'oxi-7', displayName: 'Oximeter 7' };
      await appendNow(server, sessionId, 'vitals.recorded', { readingId: randomUUID(), vitals: { spo2Percent: 93 } }, oximeter);
      const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'limit:spo2-medium'));
      expect(raised.payload).toMatchObject({ recheck: true });
      expect(nurse.state().alarms[0]).toMatchObject({ status: 'recheck', lastSoundedAt: null });
      await tickAfter(server, 90_000 - 1);
      expect(nurse.events.some(alarmEvent('alarm.confirmed'))).toBe(false);
      await tickAfter(server, 1);
      await nurse.waitFor(alarmEvent('alarm.confirmed', 'limit:spo2-medium'));
      expect(nurse.state().alarms[0]).toMatchObject({ status: 'active', lastSoundedAt: server.clock.now() });
    },
  );

  alarmTest('the same SpO2 of 93 typed by the nurse is deliberate: it sounds at once', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    await recordVitals(server, nurse.socket, sessionId, { ...normal, spo2Percent: 93 });
    const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'limit:spo2-medium'));
    expect(raised.payload).toMatchObject({ recheck: false });
    expect(nurse.state().alarms[0]).toMatchObject({ status: 'active', lastSoundedAt: server.clock.now() });
  });

  it('the timer drives time-based alarms without any new event (escalation arrives by itself)', async () => {
    const { server, sessionId } = await startAlarmSession({ alarmTickMs: 20 });
    try {
      const nurse = await server.screen('nurse', sessionId);
      await recordVitals(server, nurse.socket, sessionId, { ...normal, respiratoryRatePerMin: 7 });
      await nurse.waitFor(alarmEvent('alarm.raised', 'limit:resp-rate-low'));
      server.clock.advance(60_000);
      await nurse.waitFor(alarmEvent('alarm.escalated', 'limit:resp-rate-low'));
    } finally {
      await server.close();
    }
  });
});
