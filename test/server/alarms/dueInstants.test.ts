import { describe, expect, it } from 'vitest';
import { alarmEvent, alarmServersPerTest, alarmTrail, appendDose, recordVitals, storedEvents, T0 } from './harness';

const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
const MINUTE = 60_000;
/** The due timer looks at the (manual) clock at least this often, in real ms. */
const TIMER_MS = 20;

/**
 * Time-driven alarms come from each session's own due instant (server/sessions/dueTimers.ts),
 * not from a scan of every open session: the server's timer is on, nobody calls `tick()`, no
 * reading arrives, and the alarm still reaches the screen when the clock passes the instant.
 */
describe('time-driven alarms at their due instants (real server, real sockets, manual clock, timer on)', () => {
  const servers = alarmServersPerTest({ alarmTickMs: TIMER_MS });

  it('an undone check is raised at the end of its grace and escalated to medium at its own instant, with no reading and no tick', async () => {
    const server = await servers.start({});
    const sessionId = await server.openSession();
    const nurse = await server.screen('nurse', sessionId);
    await recordVitals(server, nurse.socket, sessionId, normal);
    await appendDose(server, sessionId);
    const dosedAt = server.clock.now();
    // The 0-minute check is met by the pre-dose pressure; the 15-minute one is overdue at 15 + 5 grace.
    await expect.poll(() => server.vigil.alarms.dueAt(sessionId), { timeout: 15_000 }).toBe(dosedAt + 20 * MINUTE);

    server.clock.advance(20 * MINUTE - 1);
    expect(await server.vigil.alarms.evaluate(sessionId)).toEqual([]);
    server.clock.advance(1);
    const low = await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:low'));
    expect(low).toMatchObject({ observedAt: dosedAt + 20 * MINUTE, payload: { priority: 'low', kind: 'overdue_check' } });

    // Escalation waits while the 30-minute check is on time (until 35): its instant is then.
    await expect.poll(() => server.vigil.alarms.dueAt(sessionId), { timeout: 15_000 }).toBe(dosedAt + 35 * MINUTE);
    server.clock.advance(15 * MINUTE);
    await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:15:medium'));
    await nurse.waitFor(alarmEvent('alarm.raised', 'overdue:30:low'));
    expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual([
      'alarm.raised overdue:15:low',
      'alarm.cleared overdue:15:low',
      'alarm.raised overdue:15:medium',
      'alarm.raised overdue:30:low',
    ]);
  });

  it('an unacknowledged high alarm escalates to the prescriber at its instant with no new reading, once', async () => {
    const server = await servers.start({});
    const sessionId = await server.openSession();
    const nurse = await server.screen('nurse', sessionId);
    await recordVitals(server, nurse.socket, sessionId, { ...normal, spo2Percent: 88 });
    const raised = await nurse.waitFor(alarmEvent('alarm.raised', 'limit:spo2-high'));
    // The protocol's escalateUnacknowledgedHighSeconds: 60.
    await expect.poll(() => server.vigil.alarms.dueAt(sessionId), { timeout: 15_000 }).toBe(raised.observedAt + 60_000);
    server.clock.advance(60_000);
    const escalated = await nurse.waitFor(alarmEvent('alarm.escalated', 'limit:spo2-high'));
    expect(escalated.observedAt).toBe(raised.observedAt + 60_000);
    // Once: the next instant is the next thing time can change, not another escalation.
    await expect.poll(() => server.vigil.alarms.dueAt(sessionId), { timeout: 15_000 }).not.toBe(raised.observedAt + 60_000);
    await server.vigil.alarms.evaluate(sessionId);
    expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual([
      'alarm.raised limit:spo2-high',
      'alarm.escalated limit:spo2-high',
    ]);
  });

  it('after a restart the due instants are rebuilt from the store: a check that fell overdue while the server was down is raised at start-up', async () => {
    const { clock, start } = servers.onSharedData();
    const first = await start();
    const sessionId = await first.openSession();
    const nurse = await first.screen('nurse', sessionId);
    await recordVitals(first, nurse.socket, sessionId, normal);
    await appendDose(first, sessionId);
    await servers.stop(first);

    clock.advance(21 * MINUTE);
    const restarted = await start();
    await expect
      .poll(async () => alarmTrail(await storedEvents(restarted.vigil, sessionId)), { timeout: 15_000 })
      .toEqual(['alarm.raised overdue:15:low']);
    // And it is scheduled again: the escalation's instant, 35 minutes after the dose.
    await expect.poll(() => restarted.vigil.alarms.dueAt(sessionId), { timeout: 15_000 }).toBe(T0 + 35 * MINUTE);
  });
});
