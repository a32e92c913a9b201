import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { activeAlarms } from '../../../shared/alerts/selectors';
import { createManualClock } from '../../../server/clock';
import { startReadinessMonitor, type ReadinessMonitor } from '../../../server/lifecycle/readinessMonitor';
import { readAudit } from '../../../server/store/audit';
import { listOpenSessions } from '../../../server/store/sessions';
import { request, startTestServer, type TestSocket } from '../../support/server';
import {
  clientPool,
  eventually,
  MINUTE_MS,
  openChecked,
  preDoseTicks,
  recorder,
  refusal,
  scoreBedsideItems,
  send,
  stored,
  WITHIN_ADVISORY,
} from './lifecycleClients';
import { observationTimer } from '../../../shared/lifecycle/timer';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { applySessionEvent } from '../../../shared/session/reducer';
import type { SessionState } from '../../../shared/session/state';

const BASELINE = { systolicMmHg: 152, diastolicMmHg: 94, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
const LATER = { systolicMmHg: 150, diastolicMmHg: 92, heartRateBpm: 76, spo2Percent: 98, respiratoryRatePerMin: 14 };

describe('a whole Spravato session over real sockets', () => {
  let vigil: Vigil;
  const clock = createManualClock(Date.now());
  const pool = clientPool(() => vigil);
  let secondNode: ReadinessMonitor | null = null;

  beforeEach(async () => {
    clock.set(Date.now());
    vigil = await startTestServer({}, clock);
  });
  afterEach(async () => {
    pool.closeAll();
    await secondNode?.close();
    secondNode = null;
    await vigil.close();
  });

  it('opens, checks, doses, watches, becomes ready by itself when the time is up, and discharges; a second screen sees it all', async () => {
    const nurse = await pool.client('nurse');
    const prescriber = await pool.client('prescriber');
    const therapist = await pool.client('therapist');
    const board = await pool.client('prescriber');

    const opened = stored(await send(nurse, 'session.open', { roomId: 'room-1', patientAlias: 'K.L.', protocolId: 'spravato-56' }));
    expect(opened).toMatchObject({ type: 'session.opened', seq: 1, payload: { roomId: 'room-1', protocolId: 'spravato-56' } });
    const sessionId = opened.sessionId;
    const screen = recorder(board);
    const watched = await request(board, 'session.watch', { sessionId, afterSeq: 0 });
    expect(watched).toMatchObject({ ok: true, snapshot: { phase: 'pre_dose', patientAlias: 'K.L.' } });

    const second = refusal(await send(prescriber, 'session.open', { roomId: 'room-1', patientAlias: 'M.N.', protocolId: 'spravato-56' }));
    expect(second.code).toBe('conflict');
    expect(second.message).toContain('Room 1 already has a session running');

    // Pre-dose checklist, each item by a person of a role the protocol allows.
    const nurseIntention = refusal(await send(nurse, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'intention_noted' }));
    expect(nurseIntention).toMatchObject({ code: 'forbidden', message: 'Only a therapist can change "Intention for the session noted".' });
    const byName: Record<string, TestSocket> = { nurse, prescriber, therapist };
    for (const { itemId, by } of preDoseTicks.slice(0, -1)) {
      const tick = stored(await send(byName[by]!, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId }));
      expect(tick.actor).toMatchObject({ kind: 'user', role: by });
    }

    const dose = { drug: 'esketamine', route: 'intranasal', lotNumber: 'L-2291', doseMg: 56, deviceCount: 2 };
    const noBaseline = refusal(await send(nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...dose }));
    expect(noBaseline.code).toBe('conflict');
    expect(noBaseline.message).toContain('Record a baseline vital set with blood pressure before the dose');
    expect(noBaseline.message).toContain('Intention for the session noted');

    stored(await send(therapist, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'intention_noted' }));
    clock.advance(5 * MINUTE_MS);
    stored(await send(nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: BASELINE }));

    // 152/94 is above the 140/90 advisory: the prescriber must accept it before the dose.
    const high = refusal(await send(nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...dose }));
    expect(high.message).toContain(
      'The baseline 152/94 is above the advisory limit of 140/90: a prescriber must acknowledge it before the dose',
    );
    expect(refusal(await send(nurse, 'predose.acknowledgeAdvisory', { sessionId })).code).toBe('forbidden');
    const ack = stored(
      await send(prescriber, 'predose.acknowledgeAdvisory', { sessionId, reason: 'Usual for this patient; benefit outweighs' }),
    );
    expect(ack).toMatchObject({ type: 'predose.advisoryAcknowledged', actor: { role: 'prescriber' } });
    expect(refusal(await send(prescriber, 'predose.acknowledgeAdvisory', { sessionId })).message).toContain('already been acknowledged');

    clock.advance(2 * MINUTE_MS);
    const dosedAt = clock.now();
    const doseEvent = stored(await send(nurse, 'dose.record', { sessionId, observedAt: dosedAt, ...dose }));
    expect(doseEvent).toMatchObject({
      type: 'dose.recorded',
      observedAt: dosedAt,
      payload: { doseMg: 56, deviceCount: 2, lotNumber: 'L-2291' },
    });
    expect((await vigil.sessions.getState(sessionId))?.phase).toBe('monitoring');

    const frozen = refusal(await send(nurse, 'checklist.untick', { sessionId, checklist: 'pre_dose', itemId: 'fasting' }));
    expect(frozen.message).toContain('The dose has been given');
    const early = refusal(await send(nurse, 'session.discharge', { sessionId }));
    expect(early.code).toBe('conflict');
    expect(early.message).toContain('Minimum observation time (120 min) (0 of 120 min elapsed since the dose)');

    // The scheduled checks, each taken on time, and the therapist's panel.
    const at = (minutes: number) => clock.set(dosedAt + minutes * MINUTE_MS);
    const vitalsNow = async () => stored(await send(nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: LATER }));
    const observe = async (observation: object) =>
      stored(await send(therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation }));
    at(15);
    await vitalsNow();
    await observe({ kind: 'moaas', score: 4 });
    at(30);
    await vitalsNow();
    at(40);
    await vitalsNow();
    await observe({ kind: 'peak' });
    await observe({ kind: 'cadss6', itemScores: [2, 1, 1, 2, 0, 1] });
    at(60);
    await vitalsNow();
    await observe({ kind: 'nausea', vomiting: false });
    at(90);
    await vitalsNow();
    await observe({ kind: 'moaas', score: 5 });
    await observe({ kind: 'cadss6', itemScores: [0, 0, 0, 0, 0, 0] });
    await observe({ kind: 'note', text: 'Calm, talking about the week ahead' });
    await scoreBedsideItems(nurse, sessionId, clock.now());
    stored(await send(nurse, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'responsible_adult' }));
    stored(await send(therapist, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'instructions_given' }));
    const noDate = refusal(await send(therapist, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'integration_booked' }));
    expect(noDate).toMatchObject({ code: 'invalid_input', issues: [{ path: ['date'] }] });
    stored(
      await send(therapist, 'checklist.tick', {
        sessionId,
        checklist: 'discharge',
        itemId: 'integration_booked',
        date: dosedAt + 3 * 24 * 60 * MINUTE_MS,
      }),
    );
    at(119);
    await vitalsNow();
    await vigil.readiness.sweep();
    expect((await vigil.sessions.getState(sessionId))?.phase).toBe('monitoring');

    // Another node's monitor on a fast timer: time alone makes the patient ready, stored once.
    const secondNodeErrors: unknown[] = [];
    secondNode = startReadinessMonitor({
      store: vigil.store,
      sessions: vigil.sessions,
      clock,
      logError: (e) => secondNodeErrors.push(e),
      intervalMs: 20,
    });
    at(120);
    const ready = await screen.waitFor('session.readyForDischarge');
    expect(ready).toMatchObject({ observedAt: dosedAt + 120 * MINUTE_MS, actor: { kind: 'system' } });
    expect(ready.commandId).toBe(`readiness-${sessionId}-${ready.seq - 1}`);
    await vigil.readiness.sweep();
    expect(secondNodeErrors).toEqual([]);
    const readyState = await vigil.sessions.getState(sessionId);
    expect(readyState).toMatchObject({ phase: 'ready_for_discharge', readyForDischargeAt: dosedAt + 120 * MINUTE_MS });
    // Alarms raised on the way (sedation scores into NEWS2) had cleared: "no active alarm" holds.
    expect(activeAlarms(readyState!)).toEqual([]);

    at(125);
    const discharged = stored(await send(nurse, 'session.discharge', { sessionId }));
    expect(discharged).toMatchObject({
      type: 'session.discharged',
      payload: { override: null, failingItemIds: [] },
      actor: { role: 'nurse' },
    });

    // Read-only now: corrections only, as amendments.
    const late = refusal(
      await send(therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation: { kind: 'moaas', score: 5 } }),
    );
    expect(late.message).toContain('discharged and is read-only');
    // A dose is corrected by those who may record one (nurse or prescriber), never the therapist.
    const doseNote = {
      sessionId,
      targetSeq: doseEvent.seq,
      reason: 'Second device given 5 min after the first',
      change: { kind: 'note', text: 'Devices at dose time and +5 min' },
    };
    expect(refusal(await send(therapist, 'amendment.record', doseNote)).code).toBe('forbidden');
    stored(await send(nurse, 'amendment.record', doseNote));

    // The room is free again once the session is closed.
    await eventually(async () => (await listOpenSessions(vigil.store.db)).every((row) => row.sessionId !== sessionId));
    stored(await send(nurse, 'session.open', { roomId: 'room-1', patientAlias: 'M.N.', protocolId: 'spravato-56' }));

    // The second screen received every event of the record, in order, once.
    const all = await vigil.sessions.eventsAfter(sessionId, 0);
    await eventually(() => screen.events.length === all.length - 1);
    expect(screen.events.map((event) => event.seq)).toEqual(all.slice(1).map((event) => event.seq));
    expect(all.filter((event) => event.type === 'session.readyForDischarge')).toHaveLength(1);

    const audit = await readAudit(vigil.store.db, sessionId);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['session.open', 'checklist.tick', 'dose.record', 'session.discharge']),
    );
    expect(audit.find((entry) => entry.action === 'dose.record')).toMatchObject({ userId: 'u-nurse' });
  });

  it('a dose recorded on one screen starts the same countdown on every screen, also one that joins or reloads later', async () => {
    const nurse = await pool.client('nurse');
    const staff = { nurse, prescriber: await pool.client('prescriber'), therapist: await pool.client('therapist') };
    const sessionId = await openChecked(staff);
    const early = await pool.client('therapist');
    const watched = await request(early, 'session.watch', { sessionId, afterSeq: 0 });
    if (!watched.ok || !watched.snapshot) throw new Error('watch failed');
    let earlyState: SessionState | null = watched.snapshot;
    early.on('session.event', (event) => {
      earlyState = applySessionEvent(earlyState, event);
    });
    const screen = recorder(early);
    stored(await send(nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: WITHIN_ADVISORY }));
    clock.advance(MINUTE_MS);
    const dosedAt = clock.now();
    stored(
      await send(nurse, 'dose.record', {
        sessionId,
        observedAt: dosedAt,
        drug: 'esketamine',
        route: 'intranasal',
        lotNumber: 'L-3',
        doseMg: 56,
        deviceCount: 2,
      }),
    );
    await screen.waitFor('dose.recorded');
    clock.advance(17 * MINUTE_MS);

    const late = await pool.client('prescriber');
    const lateWatch = await request(late, 'session.watch', { sessionId, afterSeq: 0 });
    if (!lateWatch.ok || !lateWatch.snapshot) throw new Error('watch failed');
    const protocol = spravato56Protocol();
    const timers = await Promise.all(
      [
        { socket: early, state: earlyState },
        { socket: late, state: lateWatch.snapshot },
      ].map(async ({ socket, state }) => {
        const sync = await request(socket, 'time.sync', { clientSentAt: Date.now() });
        if (!sync.ok) throw new Error('time.sync failed');
        return observationTimer(state!, protocol, sync.serverNow);
      }),
    );
    expect(timers[0]).toEqual(timers[1]);
    expect(timers[0]).toMatchObject({
      dosedAt,
      elapsedMs: 17 * MINUTE_MS,
      remainingMs: 103 * MINUTE_MS,
      nextCheck: { minutesAfterDose: 30 },
    });
  });

  it('a weight-based protocol: the mg comes from mg/kg and weight, and a wrong stated mg is caught', async () => {
    const nurse = await pool.client('nurse');
    const therapist = await pool.client('therapist');
    const sessionId = stored(
      await send(nurse, 'session.open', { roomId: 'room-2', patientAlias: 'R.S.', protocolId: 'ketamine-iv' }),
    ).sessionId;
    for (const itemId of ['fasting', 'concomitant_medicines', 'escort_arranged', 'consent_confirmed']) {
      stored(await send(nurse, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId }));
    }
    const nasal = refusal(await send(nurse, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'no_nasal_decongestant' }));
    expect(nasal.code).toBe('not_found');
    stored(await send(therapist, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'intention_noted' }));
    stored(
      await send(nurse, 'vitals.record', {
        sessionId,
        observedAt: clock.now(),
        vitals: { ...BASELINE, systolicMmHg: 124, diastolicMmHg: 80 },
      }),
    );

    const dose = { sessionId, observedAt: clock.now(), drug: 'ketamine', route: 'iv', lotNumber: 'K-77' };
    const mismatch = refusal(await send(nurse, 'dose.record', { ...dose, mgPerKg: 0.5, weightKg: 72, doseMg: 50 }));
    expect(mismatch).toMatchObject({ code: 'invalid_input', issues: [{ path: ['doseMg'] }] });
    expect(mismatch.issues[0]?.message).toContain('0.5 mg/kg × 72 kg = 36 mg');
    const noWeight = refusal(await send(nurse, 'dose.record', { ...dose, mgPerKg: 0.5 }));
    expect(noWeight.issues.map((issue) => issue.path)).toContainEqual(['weightKg']);
    const devices = refusal(await send(nurse, 'dose.record', { ...dose, mgPerKg: 0.5, weightKg: 72, deviceCount: 2 }));
    expect(devices.message).toBe('A device count applies only to intranasal doses.');

    const given = stored(await send(nurse, 'dose.record', { ...dose, mgPerKg: 0.5, weightKg: 72 }));
    expect(given.payload).toMatchObject({ doseMg: 36, mgPerKg: 0.5, weightKg: 72, route: 'iv' });
    expect((await vigil.sessions.getState(sessionId))?.doses).toMatchObject([{ doseMg: 36 }]);
  });
});
