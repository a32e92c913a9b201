import { describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { DEMO_ROOMS, DEMO_SESSIONS, demoProfile } from '../../../server/demo/demoClinic';
import { startDemo } from '../../../server/demo/startDemo';
import { demoPatientId, ensureDemoPatients } from '../../../server/demo/demoPatients';
import { findPatient, patientEvents } from '../../../server/store/patients';
import { listOpenSessions } from '../../../server/store/sessions';
import type { SessionEvent } from '../../../shared/session/events';
import { applySessionEvent, foldSessionEvents } from '../../../shared/session/reducer';
import type { SessionState } from '../../../shared/session/state';
import { demoServerPerTest } from '../../support/demo';
import { testConfig } from '../../support/server';
import { evaluateDischarge } from '../../../shared/lifecycle/discharge';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { activeAlarms } from '../../../shared/alerts/selectors';
import { insertRoom } from '../../../server/store/rooms';
import { DEMO_STAFF, demoContext, startClinicDay } from '../../../server/demo/clinicDay';
import { openSession } from '../../../server/commands/openSession';
import { recordVitals } from '../../../server/commands/recordVitals';
import { courseVitals } from '../../../shared/simulation/course';
import { spravato56Protocol } from '../../../shared/protocols/defaults';

/**
 * The demo as a clinic day, on a real server with a fast clock (600x: two hours of a session
 * in twelve seconds) and the in-process monitor feed: the seeded sessions raise no alarm from
 * their own set-up, run to the end of their course and are discharged through the same
 * commands staff use, and their rooms take the next patient.
 */
describe('the demo clinic day', () => {
  const running = demoServerPerTest();

  /** A server on a fast clock (600x) without the demo, one demo room and a session the demo nurse opened in it. */
  async function oneDemoSession(sessionId: string): Promise<Vigil> {
    const vigil = await running.start(testConfig({ hl7Port: null, clockRate: 600 }));
    await insertRoom(vigil.store.db, { ...DEMO_ROOMS[0], sortOrder: 1 });
    await ensureDemoPatients(vigil);
    const opened = await openSession(demoContext(vigil, DEMO_STAFF.nurse), {
      commandId: `open-${sessionId}`,
      sessionId,
      roomId: DEMO_ROOMS[0].roomId,
      patientAlias: 'A.K.',
      patientId: demoPatientId('A.K.'),
      protocol: spravato56Protocol(),
    });
    expect(opened.ok).toBe(true);
    return vigil;
  }

  it('seeds three sessions mid-course whose back-filled history raises no alarm', async () => {
    const v = await running.start(testConfig({ hl7Port: null, demo: true, demoReadingIntervalSeconds: 3600 }));
    running.keep(await startDemo(v, { log: () => {} }));
    for (const seeded of DEMO_SESSIONS) {
      await v.alarms.evaluate(seeded.sessionId);
      const state = await v.sessions.getState(seeded.sessionId);
      expect(state?.phase).toBe('monitoring');
      expect(state?.alarms.map((alarm) => alarm.alarmId)).toEqual([]);
      // The demo's patients are patient records: each seeded session belongs to one.
      expect(state?.patientId).toBe(demoPatientId(seeded.patientAlias));
      expect(await findPatient(v.store.db, demoPatientId(seeded.patientAlias))).toMatchObject({ alias: seeded.patientAlias });
    }
    // A restart registers nobody twice.
    await ensureDemoPatients(v);
    expect((await patientEvents(v.store.db, demoPatientId('A.K.'))).map((event) => event.type)).toEqual(['patient.created']);
  });

  // A baseline above the pre-dose advisory (140/90) waits for a prescriber (CLINICAL.md
  // "Esketamine": the prescriber decides). Unattended, the demo's prescriber weighs it, so a
  // marked course's room is dosed and turned over instead of waiting in pre-dose for ever.
  it(
    'a baseline above the advisory limit is acknowledged by the demo prescriber and the patient is dosed',
    { timeout: 60_000 },
    async () => {
      // A marked course whose simulated baseline is 142/85 (demoProfile picks the course from the id).
      const sessionId = 'demo-room-5-mx3hek8o';
      expect(
        courseVitals({ profile: demoProfile(sessionId), seed: sessionId, minutesSinceDose: null, sampleIndex: 0 }).systolicMmHg,
      ).toBeGreaterThan(140);
      const v = await oneDemoSession(sessionId);
      running.keep(startClinicDay(v, { intervalMs: 100, log: () => {} }));
      await expect.poll(async () => (await v.sessions.getState(sessionId))?.dosedAt ?? null, { timeout: 45_000 }).not.toBeNull();
      const acknowledged = (await v.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'predose.advisoryAcknowledged');
      expect(acknowledged).toHaveLength(1);
      expect(acknowledged[0]!.actor).toMatchObject({ kind: 'user', role: 'prescriber' });
    },
  );

  // A high alarm that sounded latches until someone acknowledges it, even once the value is back
  // (CLINICAL.md "Alarms"). Left running with nobody at the screen, the demo's nurse answers it a
  // few minutes later; otherwise the room could never be discharged and turned over.
  it('the demo nurse answers a latched high alarm a few minutes after it latched', { timeout: 60_000 }, async () => {
    const sessionId = 'demo-room-1-latched';
    const v = await oneDemoSession(sessionId);
    const nurse = demoContext(v, DEMO_STAFF.nurse);
    const vitals = { systolicMmHg: 120, diastolicMmHg: 75, heartRateBpm: 72, respiratoryRatePerMin: 14 };
    const low = await recordVitals(nurse, {
      commandId: 'low',
      sessionId,
      observedAt: v.clock.now(),
      vitals: { ...vitals, spo2Percent: 84 },
    });
    expect(low.ok).toBe(true);
    await v.alarms.evaluate(sessionId);
    await recordVitals(nurse, { commandId: 'back', sessionId, observedAt: v.clock.now(), vitals: { ...vitals, spo2Percent: 97 } });
    await v.alarms.evaluate(sessionId);
    const latched = (await v.sessions.getState(sessionId))!.alarms.find((record) => record.status === 'latched');
    expect(latched?.priority).toBe('high');

    running.keep(startClinicDay(v, { intervalMs: 100, log: () => {} }));
    await expect
      .poll(async () => (await v.sessions.getState(sessionId))!.alarms.find((record) => record.alarmId === latched!.alarmId)?.status, {
        timeout: 45_000,
      })
      .toBe('cleared');
    const answered = (await v.sessions.getState(sessionId))!.alarms.find((record) => record.alarmId === latched!.alarmId)!;
    expect(answered.acknowledgedBy).toMatchObject({ userId: 'demo-nurse' });
    // Not at once: a person watching the demo has a few server minutes to answer it first.
    expect(answered.acknowledgedAt! - answered.conditionClearedAt!).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('discharges sessions at the end of their course and reuses the rooms', { timeout: 90_000 }, async () => {
    const v = await running.start(testConfig({ hl7Port: null, demo: true, clockRate: 600, demoReadingIntervalSeconds: 120 }));
    running.keep(await startDemo(v, { log: () => {} }));
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
    // The day's sessions belong to the demo's patients, with PHQ-9 and GAD-7 before the dose: their series grows.
    const opened = (await listOpenSessions(v.store.db)).filter(
      (row) => !DEMO_SESSIONS.some((seeded) => seeded.sessionId === row.sessionId),
    );
    const dayState = await v.sessions.getState(opened[0]!.sessionId);
    expect(dayState?.patientId).toBe(demoPatientId(dayState!.patientAlias));
    await expect
      .poll(async () => (await v.sessions.getState(opened[0]!.sessionId))?.questionnaires.map((q) => q.instrument), { timeout: 30_000 })
      .toEqual(['phq9', 'gad7']);
    expect([...rooms].every((roomId) => DEMO_ROOMS.some((room) => room.roomId === roomId))).toBe(true);
  });

  // The issue's own measurement: after about three hours of the demo every tile was red with an
  // escalated high alarm nobody needed to answer (a lone artifact, latched for hours). Here the
  // rooms' simulated monitors send over MLLP, with their sentinels and artifacts, at the demo's
  // default cadence (a message a minute of server time; 120x: every 500 ms, under the HL7
  // listener's 20 messages a second). The end of the span is no wait: it is the day having
  // turned every room over (each room's first session discharged).
  it(
    "hours into the clinic day under the rooms' monitors, no lone sample has sounded a high alarm and no tile is red for one",
    { timeout: 320_000 },
    async () => {
      const v = await running.start(testConfig({ hl7Port: 0, demo: true, clockRate: 120, demoReadingIntervalSeconds: 60 }));
      const demo = running.keep(await startDemo(v, { log: () => {} }));
      const startedAt = v.clock.now();
      const sessionRows = () => v.store.db.selectFrom('sessions').select(['session_id', 'room_id', 'closed_at']).execute();
      await expect
        .poll(
          async () => {
            const closed = new Set((await sessionRows()).filter((row) => row.closed_at !== null).map((row) => row.room_id));
            // A room not yet turned over, with what holds its session back (to read when this fails).
            const waiting: string[] = [];
            for (const room of DEMO_ROOMS.filter((candidate) => !closed.has(candidate.roomId))) {
              const state = await v.clinic.runningSession(room.roomId);
              const protocol = state ? await v.sessions.getProtocol(state.sessionId) : null;
              const failing =
                state && protocol
                  ? evaluateDischarge(state, lifecycleRulesFrom(protocol), v.clock.now(), activeAlarms(state).length)
                      .items.filter((item) => !item.passes)
                      .map((item) => item.reason)
                  : [];
              waiting.push(`${room.roomId} ${state?.phase ?? 'empty'}: ${failing.join('; ')}`);
            }
            return waiting;
          },
          // The rooms empty at the start open their first session for the demo's patients in turn
          // and dose it about 100 server minutes in: about 2 real minutes at 120x; twice that allowed.
          { timeout: 300_000, interval: 500 },
        )
        .toEqual([]);
      demo.stop();
      expect(v.clock.now() - startedAt).toBeGreaterThan(2 * 3_600_000);

      // Every time a high alarm began to sound (a raise or a confirmation), the reading it sounded
      // for. It was the monitor's lone sample when the monitor's samples of that parameter just
      // before and just after it were inside the limit, and the one after came within the
      // protocol's wait for a repeat: such an alarm should have stayed "checking" and gone.
      const lone: string[] = [];
      for (const row of await sessionRows()) {
        const events = await v.sessions.eventsAfter(row.session_id, 0);
        const state = foldSessionEvents(events)!;
        const protocol = (await v.sessions.getProtocol(row.session_id))!;
        for (const sounding of highAlarmSoundings(events)) {
          const limit = protocol.alarmLimits.find((candidate) => `limit:${candidate.id}` === sounding.alarmId);
          const parameter = limit?.parameter;
          if (!limit || parameter === undefined || parameter === 'moaas' || sounding.readingId === null) continue;
          const measured = state.readings.filter((reading) => reading.vitals[parameter] !== undefined);
          const index = measured.findIndex((reading) => reading.readingId === sounding.readingId);
          const raising = measured[index];
          if (raising === undefined || raising.recordedBy.kind !== 'device') continue;
          const inside = (reading: (typeof measured)[number] | undefined) =>
            reading !== undefined &&
            (limit.comparator === '>=' ? reading.vitals[parameter]! < limit.value : reading.vitals[parameter]! > limit.value);
          const before = measured[index - 1];
          const next = measured[index + 1];
          if (next === undefined || !inside(next) || (before !== undefined && !inside(before))) continue;
          const waitMs = protocol.alarmControls.persistence[parameter].maxWaitSeconds * 1000;
          if (next.observedAt - raising.observedAt > waitMs) continue;
          lone.push(
            `${row.session_id}: ${limit.id} sounded at ${sounding.soundedAt} for ${raising.vitals[parameter]} observed at ${raising.observedAt}; ` +
              `before ${before?.vitals[parameter]}, next ${next.vitals[parameter]} after ${(next.observedAt - raising.observedAt) / 1000} s`,
          );
        }
      }
      expect(lone).toEqual([]);
      // The board: a tile is red only for a session whose monitor repeated a value past a high limit.
      const red = (await v.clinic.summaries()).filter(
        (room) => (room.session?.escalatedHighAlarmIds ?? []).length > 0 || room.session?.unacknowledgedPriority === 'high',
      );
      expect(red.length).toBeLessThan(DEMO_ROOMS.length);
    },
  );
});

/** Each time a high alarm began to sound, as the session's log tells it: which alarm, when, and the reading it then stood for. */
function highAlarmSoundings(events: readonly SessionEvent[]): { alarmId: string; soundedAt: number; readingId: string | null }[] {
  const soundings: { alarmId: string; soundedAt: number; readingId: string | null }[] = [];
  let state: SessionState | null = null;
  for (const event of events) {
    const before = state;
    state = applySessionEvent(state, event) ?? state;
    if (event.type !== 'alarm.raised' && event.type !== 'alarm.confirmed') continue;
    for (const record of state?.alarms ?? []) {
      if (record.priority !== 'high' || record.lastSoundedAt === null) continue;
      const earlier = before?.alarms.find((candidate) => candidate.alarmId === record.alarmId && candidate.raisedSeq === record.raisedSeq);
      if (earlier?.lastSoundedAt === record.lastSoundedAt) continue;
      soundings.push({ alarmId: record.alarmId, soundedAt: record.lastSoundedAt, readingId: record.readingId });
    }
  }
  return soundings;
}
