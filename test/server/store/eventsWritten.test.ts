import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { acknowledgeAlarm } from '../../../server/commands/acknowledgeAlarm';
import { recordVitals } from '../../../server/commands/recordVitals';
import { DEMO_STAFF, demoContext } from '../../../server/demo/clinicDay';
import { goodVitals, openTestSession, startTestServer } from '../../support/server';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/**
 * The session's log holds only events it can give back: what the store reads is checked
 * against the event schema, and so is what it writes. A caller in the server's own process
 * (the demo, a device listener) skips the realtime contract's checks; an event it builds that
 * the log could not return is refused, and the session's record stays readable.
 */
describe('an event the log could not read back is never written', () => {
  let vigil: Vigil;
  let sessionId: string;
  const clock = createManualClock(T0);

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: null }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    sessionId = await openTestSession(vigil, 'room-1');
  });
  afterEach(() => vigil.close());

  const stored = async () => (await vigil.sessions.eventsAfter(sessionId, 0)).map((event) => event.commandId);

  it.each([
    ['a colon (an alarm id inside it)', 'ack-limit:systolic-high-3'],
    ['more than 64 characters', `reading-${'x'.repeat(60)}`],
  ])('a command id with %s is refused, nothing is stored and the record still reads back', async (_case, commandId) => {
    const before = await stored();
    const nurse = demoContext(vigil, DEMO_STAFF.nurse);
    await expect(recordVitals(nurse, { commandId, sessionId, observedAt: clock.now(), vitals: goodVitals })).rejects.toThrow(/id/);
    expect(await stored()).toEqual(before);
    // The record is whole and goes on: the next good command is stored after it.
    const accepted = await recordVitals(nurse, { commandId: 'reading-after', sessionId, observedAt: clock.now(), vitals: goodVitals });
    expect(accepted.ok).toBe(true);
    expect(await stored()).toEqual([...before, 'reading-after']);
  });

  it('an alarm acknowledged with a command id that names the alarm is refused before the session is touched', async () => {
    const nurse = demoContext(vigil, DEMO_STAFF.nurse);
    await recordVitals(nurse, { commandId: 'high-bp', sessionId, observedAt: clock.now(), vitals: { ...goodVitals, systolicMmHg: 200 } });
    await vigil.alarms.evaluate(sessionId);
    const alarm = (await vigil.sessions.getState(sessionId))!.alarms.find((record) => record.alarmId.startsWith('limit:systolic'));
    expect(alarm?.status).toBe('active');
    await expect(acknowledgeAlarm(nurse, { commandId: `ack-${alarm!.alarmId}`, sessionId, alarmId: alarm!.alarmId })).rejects.toThrow(/id/);
    expect(
      (await vigil.sessions.getState(sessionId))!.alarms.find((record) => record.alarmId === alarm!.alarmId)?.acknowledgedAt,
    ).toBeNull();
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).some((event) => event.type === 'alarm.acknowledged')).toBe(false);
  });
});
