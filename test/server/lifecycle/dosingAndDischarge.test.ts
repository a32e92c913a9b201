import { describe, expect, it } from 'vitest';
import { readAudit } from '../../../server/store/audit';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { remsTimes } from '../../../shared/lifecycle/rems';
import { observationTimer } from '../../../shared/lifecycle/timer';
import { ketamineImProtocol, spravato56Protocol, spravato84Protocol } from '../../../shared/protocols/defaults';
import type { SessionEvent } from '../../../shared/session/events';
import {
  dosedSession,
  MINUTE_MS,
  openChecked,
  recordRecovery,
  refusal,
  send,
  staffedServerPerTest,
  stored,
  tickPracticalItems,
  TEST_DOSES,
  WITHIN_ADVISORY,
} from './lifecycleClients';

const SPRAVATO_DOSE = TEST_DOSES['spravato-56'];

/**
 * Further doses, devices of one dose, the REMS times, the Spravato floor and who may amend a
 * dose, over real sockets against a real server and SQLite file, on a manual server clock.
 */
describe('safe dosing and discharge over real sockets', () => {
  const clinic = staffedServerPerTest({ alarmTickMs: null, readinessIntervalMs: 0 });
  const clock = clinic.clock;

  const state = async (sessionId: string) => (await clinic.vigil.sessions.getState(sessionId))!;
  const events = async (sessionId: string, type: SessionEvent['type']) =>
    (await clinic.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === type);
  const eventCount = async (sessionId: string) => (await clinic.vigil.sessions.eventsAfter(sessionId, 0)).length;

  /** Everything a patient shows when recovered, recorded now: a BP, MOAA/S 5, back to baseline, Aldrete and PADSS scored, practical items ticked once. */
  async function recoverNow(sessionId: string, tickPractical: boolean) {
    await recordRecovery(clinic.staff, sessionId, clock.now());
    if (!tickPractical) return;
    await tickPracticalItems(clinic.staff, sessionId, clock.now() + 3 * 24 * 60 * MINUTE_MS);
  }

  it('a second IM dose restarts the minimum: discharge refused until 90 min after it, and the clock says which dose it counts from', async () => {
    const dosedAt = clock.now();
    const at = (minutes: number) => clock.set(dosedAt + minutes * MINUTE_MS);
    const { sessionId } = await dosedSession(clinic.staff, dosedAt, 'room-1', 'ketamine-im');
    at(70);
    await recoverNow(sessionId, true);
    at(80);
    const second = stored(
      await send(clinic.staff.nurse, 'dose.record', {
        sessionId,
        observedAt: clock.now(),
        drug: 'ketamine',
        route: 'im',
        lotNumber: 'K-1',
        mgPerKg: 0.25,
        weightKg: 70,
      }),
    );
    expect(second.payload).toMatchObject({ doseMg: 17.5, route: 'im' });

    // 91 min after the first dose, 11 after the second: the issue's scenario, now refused.
    at(91);
    await recoverNow(sessionId, false);
    await clinic.vigil.readiness.sweep();
    const refused = refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId }));
    expect(refused).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Minimum observation time (90 min from dose 2 (im)) (11 of 90 min elapsed since dose 2 (im))'),
    });
    const timer = observationTimer(await state(sessionId), ketamineImProtocol(), clock.now())!;
    expect(timer).toMatchObject({
      doseCount: 2,
      countingFrom: { doseNumber: 2, at: dosedAt + 80 * MINUTE_MS },
      remainingMs: 79 * MINUTE_MS,
      nextCheck: { doseNumber: 2, minutesAfterDose: 15 },
    });

    at(169);
    await recoverNow(sessionId, false);
    await clinic.vigil.readiness.sweep();
    expect((await state(sessionId)).phase).toBe('monitoring');
    expect(refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId })).message).toContain(
      '89 of 90 min elapsed since dose 2 (im)',
    );
    at(170);
    await clinic.vigil.readiness.sweep();
    expect((await state(sessionId)).phase).toBe('ready_for_discharge');
    const discharged = stored(await send(clinic.staff.nurse, 'session.discharge', { sessionId }));
    expect(discharged.payload).toEqual({ override: null, failingItemIds: [], disposition: 'home' });
  });

  it('Spravato 84 mg as three devices about 5 min apart: one dose, the clock from the first device, a fourth device refused', async () => {
    const sessionId = await openChecked(clinic.staff, 'room-2', 'spravato-84');
    stored(await send(clinic.staff.nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: WITHIN_ADVISORY }));
    const firstAt = clock.now() + MINUTE_MS;
    clock.set(firstAt);
    const device = { drug: 'esketamine', route: 'intranasal', lotNumber: 'S-84', doseMg: 28, deviceCount: 1 };
    const first = stored(await send(clinic.staff.nurse, 'dose.record', { sessionId, observedAt: firstAt, ...device }));
    const doseId = first.type === 'dose.recorded' ? first.payload.doseId : '';
    for (const minutes of [5, 10]) {
      clock.set(firstAt + minutes * MINUTE_MS);
      stored(await send(clinic.staff.nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...device, deviceOfDoseId: doseId }));
    }
    const fourth = refusal(
      await send(clinic.staff.nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...device, deviceOfDoseId: doseId }),
    );
    expect(fourth).toMatchObject({
      code: 'conflict',
      message: "84 mg is 3 devices of 28 mg, and 3 are recorded already: this would be more than the protocol's dose.",
    });

    const record = await state(sessionId);
    expect(record.doses.map((entry) => [entry.administeredAt - firstAt, entry.deviceOfDoseId ?? null])).toEqual([
      [0, null],
      [5 * MINUTE_MS, doseId],
      [10 * MINUTE_MS, doseId],
    ]);
    expect(record.dosedAt).toBe(firstAt);
    const timer = observationTimer(record, spravato84Protocol(), clock.now())!;
    expect(timer).toMatchObject({
      doseCount: 1,
      countingFrom: { doseNumber: 1, at: firstAt },
      elapsedMs: 10 * MINUTE_MS,
      nextCheck: { minutesAfterDose: 15, doseNumber: 1 },
    });

    // Recovered at 119 min from the first device (109 from the last): still refused, the REMS clock runs from the first device.
    clock.set(firstAt + 119 * MINUTE_MS);
    await recoverNow(sessionId, true);
    const early = refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId }));
    expect(early.message).toContain('119 of 120 min since the first device');
    clock.set(firstAt + 120 * MINUTE_MS);
    await clinic.vigil.readiness.sweep();
    stored(await send(clinic.staff.nurse, 'session.discharge', { sessionId }));
    const rems = remsTimes(await state(sessionId), lifecycleRulesFrom(spravato84Protocol()).regulatoryFloor);
    expect(rems).toMatchObject({ firstDeviceAt: firstAt, totalMinutes: 120, meetsFloor: true });
  });

  it('REMS times of a patient recovered at 90 min: ready to leave 90, discharged at 120 or later', async () => {
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(clinic.staff, dosedAt);
    clock.set(dosedAt + 90 * MINUTE_MS);
    await recoverNow(sessionId, true);
    const [clinicallyReady] = await events(sessionId, 'session.clinicallyReady');
    expect(clinicallyReady).toMatchObject({ observedAt: dosedAt + 90 * MINUTE_MS, actor: { kind: 'system' } });
    expect(await state(sessionId)).toMatchObject({
      phase: 'monitoring',
      clinicallyReadyAt: dosedAt + 90 * MINUTE_MS,
      readyForDischargeAt: null,
    });

    clock.set(dosedAt + 118 * MINUTE_MS);
    stored(await send(clinic.staff.nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: WITHIN_ADVISORY }));
    clock.set(dosedAt + 119 * MINUTE_MS);
    expect(refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId })).message).toContain(
      'Spravato REMS: at least 120 min from the first device before going home (119 of 120 min since the first device)',
    );
    clock.set(dosedAt + 120 * MINUTE_MS);
    await clinic.vigil.readiness.sweep();
    clock.set(dosedAt + 122 * MINUTE_MS);
    stored(await send(clinic.staff.nurse, 'session.discharge', { sessionId }));

    const closed = await state(sessionId);
    expect(closed).toMatchObject({ readyForDischargeAt: dosedAt + 120 * MINUTE_MS, clinicallyReadyAt: dosedAt + 90 * MINUTE_MS });
    expect(remsTimes(closed, lifecycleRulesFrom(spravato56Protocol()).regulatoryFloor)).toEqual({
      firstDeviceAt: dosedAt,
      endOfMonitoringAt: dosedAt + 122 * MINUTE_MS,
      totalMinutes: 122,
      meetsFloor: true,
      wouldHaveBeenReadyAt: dosedAt + 90 * MINUTE_MS,
      wouldHaveBeenReadyMinutes: 90,
    });
    expect(await events(sessionId, 'session.clinicallyReady')).toHaveLength(1);
  });

  it('below the Spravato floor a prescriber override is refused; transfer to emergency care is recorded with its reason', async () => {
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(clinic.staff, dosedAt);
    clock.set(dosedAt + 56 * MINUTE_MS);
    await recoverNow(sessionId, true);
    const before = await eventCount(sessionId);
    const override = refusal(
      await send(clinic.staff.prescriber, 'session.discharge', { sessionId, overrideReason: 'Reviewed in person, stable, escort present' }),
    );
    expect(override).toMatchObject({ code: 'conflict', message: expect.stringContaining('No override can pass a regulatory floor') });
    expect(override.issues.map((issue) => issue.path)).toContainEqual(['items', 'regulatory_floor']);
    const noReason = refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId, disposition: 'emergency_transfer' }));
    expect(noReason).toMatchObject({ code: 'invalid_input', issues: [{ path: ['dispositionReason'] }] });
    expect(await eventCount(sessionId)).toBe(before);

    const transferred = stored(
      await send(clinic.staff.nurse, 'session.discharge', {
        sessionId,
        disposition: 'emergency_transfer',
        dispositionReason: 'Chest pain; ambulance to ED',
      }),
    );
    expect(transferred.payload).toMatchObject({
      disposition: 'emergency_transfer',
      dispositionReason: 'Chest pain; ambulance to ED',
      override: null,
    });
    expect(transferred.type === 'session.discharged' && transferred.payload.failingItemIds).toEqual(
      expect.arrayContaining(['minimum_observation', 'regulatory_floor']),
    );
    expect((await state(sessionId)).discharge).toMatchObject({
      disposition: 'emergency_transfer',
      dispositionReason: 'Chest pain; ambulance to ED',
      dischargedBy: { role: 'nurse' },
    });
    const audit = await readAudit(clinic.vigil.store.db, sessionId);
    expect(audit.filter((entry) => entry.action === 'session.discharge')).toHaveLength(1);
  });

  it("a therapist's dose-time amendment is refused and moves nothing; a nurse's is kept with the original and the reason", async () => {
    const dosedAt = clock.now();
    const { sessionId, doseSeq } = await dosedSession(clinic.staff, dosedAt);
    clock.set(dosedAt + 20 * MINUTE_MS);
    const before = await eventCount(sessionId);
    const change = { kind: 'dose_time', administeredAt: dosedAt - 180 * MINUTE_MS };
    const byTherapist = refusal(
      await send(clinic.staff.therapist, 'amendment.record', { sessionId, targetSeq: doseSeq, reason: 'Dose was earlier', change }),
    );
    expect(byTherapist).toMatchObject({
      code: 'forbidden',
      message: 'Only a nurse or prescriber can correct a dose (the roles that may make it).',
    });
    expect(await eventCount(sessionId)).toBe(before);
    expect((await state(sessionId)).dosedAt).toBe(dosedAt);

    // Nor can a prescriber (who may amend a dose) start the REMS clock before the baseline reading
    // the dose was given after: at 56 min the floor still holds against an override.
    const byPrescriber = refusal(
      await send(clinic.staff.prescriber, 'amendment.record', { sessionId, targetSeq: doseSeq, reason: 'Dose was earlier', change }),
    );
    expect(byPrescriber).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('before the baseline reading') });
    clock.set(dosedAt + 56 * MINUTE_MS);
    await recoverNow(sessionId, true);
    const override = refusal(
      await send(clinic.staff.prescriber, 'session.discharge', { sessionId, overrideReason: 'Stable, escort present' }),
    );
    expect(override.message).toContain('56 of 120 min since the first device');
    expect((await state(sessionId)).dosedAt).toBe(dosedAt);

    const later = dosedAt + 3 * MINUTE_MS;
    stored(
      await send(clinic.staff.nurse, 'amendment.record', {
        sessionId,
        targetSeq: doseSeq,
        reason: 'First device 3 min later than entered',
        change: { kind: 'dose_time', administeredAt: later },
      }),
    );
    const amended = await state(sessionId);
    expect(amended.dosedAt).toBe(later);
    const [original] = await events(sessionId, 'dose.recorded');
    expect(original?.observedAt).toBe(dosedAt);
    expect(amended.amendments).toMatchObject([
      { targetSeq: doseSeq, reason: 'First device 3 min later than entered', amendedBy: { role: 'nurse' } },
    ]);
  });
  it('a baseline dated hours back does not let the dose be: dose and correction refused before the checklist, and the floor holds', async () => {
    const openedAt = clock.now();
    const sessionId = await openChecked(clinic.staff);
    // A baseline taken in the waiting room may be dated back (up to 6 h before the session opened).
    const longAgo = openedAt - 150 * MINUTE_MS;
    stored(await send(clinic.staff.nurse, 'vitals.record', { sessionId, observedAt: longAgo, vitals: WITHIN_ADVISORY }));
    const before = await eventCount(sessionId);
    const backDated = refusal(
      await send(clinic.staff.nurse, 'dose.record', { sessionId, observedAt: longAgo + MINUTE_MS, ...SPRAVATO_DOSE }),
    );
    expect(backDated).toMatchObject({ code: 'invalid_input', issues: [{ path: ['observedAt'] }] });
    expect(backDated.message).toContain('before the pre-dose checklist was complete');
    expect(await eventCount(sessionId)).toBe(before);

    const dose = stored(await send(clinic.staff.nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...SPRAVATO_DOSE }));
    const change = { kind: 'dose_time', administeredAt: longAgo + MINUTE_MS };
    const corrected = refusal(
      await send(clinic.staff.nurse, 'amendment.record', { sessionId, targetSeq: dose.seq, reason: 'Entered late', change }),
    );
    expect(corrected.message).toContain('before the pre-dose checklist was complete');
    expect((await state(sessionId)).dosedAt).toBe(dose.observedAt);

    // Recovered at once, the patient still waits for the floor.
    clock.set(openedAt + MINUTE_MS);
    await recoverNow(sessionId, true);
    expect(refusal(await send(clinic.staff.nurse, 'session.discharge', { sessionId })).message).toContain(
      'of 120 min since the first device',
    );
  });
});
