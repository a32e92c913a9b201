import { afterEach, describe, expect, it } from 'vitest';
import { startVigil, type Vigil } from '../../../server/app';
import { DEMO_ROOMS, DEMO_SESSIONS } from '../../../server/demo/demoClinic';
import { startDemo } from '../../../server/demo/startDemo';
import { listOpenSessions } from '../../../server/store/sessions';
import type { SessionEvent } from '../../../shared/session/events';
import { testConfig } from '../../support/server';

/**
 * The demo as a clinic day, on a real server with a fast clock (600x: two hours of a session
 * in twelve seconds) and the in-process monitor feed: the seeded sessions raise no alarm from
 * their own set-up, run to the end of their course and are discharged through the same
 * commands staff use, and their rooms take the next patient.
 */
describe('the demo clinic day', () => {
  let vigil: Vigil | null = null;
  let demo: { stop(): void } | null = null;
  afterEach(async () => {
    demo?.stop();
    await vigil?.close();
    vigil = null;
    demo = null;
  });

  it('seeds three sessions mid-course whose back-filled history raises no alarm', async () => {
    vigil = await startVigil(testConfig({ hl7Port: null, demo: true, demoReadingIntervalSeconds: 3600 }), { log: () => {} });
    const v = vigil;
    demo = await startDemo(v, { log: () => {} });
    for (const seeded of DEMO_SESSIONS) {
      await v.alarms.evaluate(seeded.sessionId);
      const state = await v.sessions.getState(seeded.sessionId);
      expect(state?.phase).toBe('monitoring');
      expect(state?.alarms.map((alarm) => alarm.alarmId)).toEqual([]);
    }
  });

  it('discharges sessions at the end of their course and reuses the rooms', { timeout: 90_000 }, async () => {
    vigil = await startVigil(testConfig({ hl7Port: null, demo: true, clockRate: 600, demoReadingIntervalSeconds: 120 }), { log: () => {} });
    const v = vigil;
    demo = await startDemo(v, { log: () => {} });
    const events = (sessionId: string) => v.sessions.eventsAfter(sessionId, 0);

    // The seeded session dosed 70 min ago reaches the end of its course and is discharged by the demo nurse.
    const second = DEMO_SESSIONS[1];
    await expect
      .poll(async () => (await events(second.sessionId)).some((event) => event.type === 'session.discharged'), {
        timeout: 60_000,
        interval: 250,
      })
      .toBe(true);
    const discharged = (await events(second.sessionId)).find(
      (event): event is Extract<SessionEvent, { type: 'session.discharged' }> => event.type === 'session.discharged',
    )!;
    expect(discharged.payload.override).toBeNull();
    expect(discharged.actor).toMatchObject({ kind: 'user', role: 'nurse' });
    // A typical course under a monitor with its sentinels and artifacts: no patient alarm ever
    // sounded. (Overdue checks are left out: on this fast clock a starved feed may really miss one.)
    const sounded = (await events(second.sessionId)).filter(
      (event) =>
        event.type === 'alarm.confirmed' ||
        (event.type === 'alarm.raised' && !event.payload.recheck && event.payload.kind !== 'overdue_check'),
    );
    expect(sounded).toEqual([]);

    // Its room takes a new patient, who is dosed after the pre-dose checklist and baseline.
    await expect
      .poll(
        async () => {
          const open = (await listOpenSessions(v.store.db)).find(
            (row) => row.roomId === second.roomId && row.sessionId !== second.sessionId,
          );
          const state = open ? await v.sessions.getState(open.sessionId) : null;
          return state?.dosedAt !== null && state?.dosedAt !== undefined;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);
    // Empty rooms of the demo clinic open sessions too.
    const rooms = new Set((await listOpenSessions(v.store.db)).map((row) => row.roomId));
    expect(rooms.size).toBeGreaterThan(DEMO_SESSIONS.length);
    expect([...rooms].every((roomId) => DEMO_ROOMS.some((room) => room.roomId === roomId))).toBe(true);
  });
});
