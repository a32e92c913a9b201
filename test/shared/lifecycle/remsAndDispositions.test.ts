import { describe, expect, it } from 'vitest';
import { decideDischarge } from '../../../shared/lifecycle/commandRules';
import { evaluateDischarge, readinessTransitions } from '../../../shared/lifecycle/discharge';
import { commandAllowed, lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { remsTimes } from '../../../shared/lifecycle/rems';
import { SPRAVATO_REMS_FLOOR } from '../../../shared/lifecycle/protocolRules';
import { ketamineImProtocol } from '../../../shared/protocols/defaults';
import { selfHarmAlarmId } from '../../../shared/alerts/rules/selfHarm';
import { ctx, dosedSession, DOSE_MINUTE, nurse, preparedSession, recoveredSession, therapist } from './fixtures';

const RECOVERED = { systolicMmHg: 130, diastolicMmHg: 84, heartRateBpm: 76, spo2Percent: 98, respiratoryRatePerMin: 14 };

/** A Spravato patient fully recovered and ticked at 90 min after the first device. */
function recoveredAt90() {
  const log = dosedSession();
  const m = (after: number) => DOSE_MINUTE + after;
  log.vitals(m(90), RECOVERED);
  log.moaas(m(90), 5);
  log.cadss6(m(90), [0, 0, 0, 0, 0, 0]);
  log.aldrete(m(90));
  log.padss(m(90));
  log.tickAllDischarge(m(90));
  return log;
}

describe('the REMS "would have been ready to leave" time ignores the minimum', () => {
  it('is clinically ready at 90 min while the 2-hour minimum still fails', () => {
    const log = recoveredAt90();
    const evaluation = evaluateDischarge(log.state(), ctx('nurse', 0).rules, log.minutes(DOSE_MINUTE + 90), 0);
    expect(evaluation.allPass).toBe(false);
    expect(evaluation.clinicallyReady).toBe(true);
    expect(readinessTransitions(log.state(), evaluation)).toEqual([{ type: 'session.clinicallyReady', payload: {} }]);
    // One clinical item short is not clinically ready.
    expect(evaluateDischarge(log.state(), ctx('nurse', 0).rules, log.minutes(DOSE_MINUTE + 90), 1).clinicallyReady).toBe(false);
  });

  it('keeps ready-to-leave 90 and total minutes from the first device to discharge', () => {
    const log = recoveredAt90();
    log.add('session.clinicallyReady', {}, log.minutes(DOSE_MINUTE + 90));
    log.vitals(DOSE_MINUTE + 118, RECOVERED);
    log.add('session.readyForDischarge', {}, log.minutes(DOSE_MINUTE + 120));
    log.add('session.discharged', { override: null, failingItemIds: [], disposition: 'home' }, log.minutes(DOSE_MINUTE + 124), nurse);
    expect(remsTimes(log.state(), SPRAVATO_REMS_FLOOR)).toEqual({
      firstDeviceAt: log.minutes(DOSE_MINUTE),
      endOfMonitoringAt: log.minutes(DOSE_MINUTE + 124),
      totalMinutes: 124,
      meetsFloor: true,
      wouldHaveBeenReadyAt: log.minutes(DOSE_MINUTE + 90),
      wouldHaveBeenReadyMinutes: 90,
    });
  });

  it('a further dose clears an earlier readiness', () => {
    const log = recoveredAt90();
    log.add('session.clinicallyReady', {}, log.minutes(DOSE_MINUTE + 90));
    log.add(
      'dose.recorded',
      { doseId: 'd-x', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L', deviceCount: 1, deviceOfDoseId: 'nope' },
      log.minutes(DOSE_MINUTE + 95),
      nurse,
    );
    expect(log.state().clinicallyReadyAt).toBe(log.minutes(DOSE_MINUTE + 90)); // a device is not a new dose
    log.add(
      'dose.recorded',
      { doseId: 'd-y', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L' },
      log.minutes(DOSE_MINUTE + 96),
      nurse,
    );
    expect(log.state().clinicallyReadyAt).toBeNull();
  });
});

describe('the Spravato REMS floor (120 min from the first device)', () => {
  const discharge = (overrideReason?: string) => ({ type: 'session.discharge' as const, overrideReason });
  it.each([
    [119, false],
    [120, true],
    [121, true],
  ])('a prescriber override at %i min: allowed=%s', (minute, allowed) => {
    const log = recoveredSession();
    // An alarm keeps an overridable item failing, so only the floor decides.
    const result = decideDischarge(
      log.state(),
      discharge('Reviewed, stable'),
      ctx('prescriber', log.minutes(DOSE_MINUTE + minute), { activeAlarmCount: 1 }),
    );
    expect(result.ok).toBe(allowed);
    if (!result.ok)
      expect(result.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('No override can pass a regulatory floor') });
  });

  it('other protocols keep the prescriber override below their minimum', () => {
    const log = recoveredSession();
    const rules = lifecycleRulesFrom(ketamineImProtocol());
    expect(
      decideDischarge(log.state(), discharge('Reviewed, stable'), ctx('prescriber', log.minutes(DOSE_MINUTE + 30), { rules })),
    ).toMatchObject({ ok: true, payload: { override: { reason: 'Reviewed, stable' } } });
  });
});

describe('dispositions: transferred to emergency care, left against advice', () => {
  const leave = (disposition: 'emergency_transfer' | 'against_advice', dispositionReason?: string) => ({
    type: 'session.discharge' as const,
    disposition,
    dispositionReason,
  });

  it('are possible below the floor, with a reason, and record what was not met', () => {
    const log = dosedSession();
    const at = log.minutes(DOSE_MINUTE + 56);
    expect(decideDischarge(log.state(), leave('emergency_transfer', ' BP 210/120 despite treatment '), ctx('nurse', at))).toMatchObject({
      ok: true,
      payload: {
        disposition: 'emergency_transfer',
        dispositionReason: 'BP 210/120 despite treatment',
        override: null,
        failingItemIds: expect.arrayContaining(['regulatory_floor', 'minimum_observation']),
      },
    });
    expect(
      decideDischarge(log.state(), leave('against_advice', 'Left with partner, advised to stay'), ctx('prescriber', at)),
    ).toMatchObject({ ok: true, payload: { disposition: 'against_advice' } });
  });

  it('need a reason', () => {
    const log = dosedSession();
    expect(decideDischarge(log.state(), leave('against_advice', '  '), ctx('nurse', log.minutes(60)))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['dispositionReason'] }] },
    });
  });

  it('are the only ways out once dosed: ending early, by any role, is refused and names them', () => {
    const log = dosedSession();
    const at = log.minutes(DOSE_MINUTE + 56);
    for (const role of ['nurse', 'prescriber'] as const) {
      expect(
        commandAllowed(log.state(), { type: 'session.endEarly', reason: 'Patient asked to stop; escorted home' }, ctx(role, at)),
      ).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/transferred to emergency care.*left against advice/i) },
      });
    }
  });

  it('are recorded as such: no ready-to-leave time is invented', () => {
    const log = dosedSession();
    log.add(
      'session.discharged',
      { override: null, failingItemIds: ['regulatory_floor'], disposition: 'against_advice', dispositionReason: 'Would not stay' },
      log.minutes(60),
      nurse,
    );
    expect(log.state().discharge).toMatchObject({ disposition: 'against_advice', dispositionReason: 'Would not stay' });
    expect(log.state().readyForDischargeAt).toBeNull();
    expect(remsTimes(log.state(), SPRAVATO_REMS_FLOOR)).toMatchObject({ totalMinutes: 50, meetsFloor: false, wouldHaveBeenReadyAt: null });
  });
});

describe('amendments by the roles that may make the original entry', () => {
  const log = dosedSession();
  const doseSeq = log.events.find((e) => e.type === 'dose.recorded')!.seq;
  const byTherapist = log.moaas(30, 4).seq;
  const byNurseReading = log.vitals(31, RECOVERED).seq;
  const gad7 = log.add(
    'questionnaire.recorded',
    { questionnaireId: 'q-1', instrument: 'gad7', answers: [1, 1, 0, 0, 1, 0, 0], completedBy: 'staff' },
    log.minutes(32),
    therapist,
  ).seq;
  const state = log.state();
  const amend = (role: 'nurse' | 'prescriber' | 'therapist', targetSeq: number, change: object) =>
    commandAllowed(
      state,
      { type: 'amendment.record', targetSeq, reason: 'Entered wrongly', change: change as never },
      ctx(role, log.minutes(40)),
    );

  it.each([
    ['nurse', true],
    ['prescriber', true],
    ['therapist', false],
  ] as const)("a dose's time by a %s: allowed=%s", (role, allowed) => {
    expect(amend(role, doseSeq, { kind: 'dose_time', administeredAt: log.minutes(7) }).ok).toBe(allowed);
    expect(amend(role, doseSeq, { kind: 'dose_lot', lotNumber: 'L9' }).ok).toBe(allowed);
  });

  it.each([
    ['nurse', true],
    ['prescriber', true],
    ['therapist', true],
  ] as const)('a questionnaire by a %s (all who may record one): allowed=%s', (role, allowed) => {
    expect(amend(role, gad7, { kind: 'note', text: 'Item 3 was read out wrongly' }).ok).toBe(allowed);
  });

  it("refuses a therapist's dose-time amendment in words", () => {
    expect(amend('therapist', doseSeq, { kind: 'dose_time', administeredAt: log.minutes(7) })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a nurse or prescriber can correct a dose (the roles that may make it).' },
    });
  });

  it('keeps what the entries had to keep: the first dose not before its baseline, a device not before its dose, a further dose not before the first', () => {
    const devices = dosedSession();
    const dose = devices.events.find((e) => e.type === 'dose.recorded')!;
    const headSeq = dose.seq;
    const firstDoseId = dose.type === 'dose.recorded' ? dose.payload.doseId : '';
    const device = { drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L1', deviceCount: 1 };
    const deviceSeq = devices.add(
      'dose.recorded',
      { doseId: 'd-dev', ...device, deviceOfDoseId: firstDoseId },
      devices.minutes(15),
      nurse,
    ).seq;
    const further = devices.add('dose.recorded', { doseId: 'd-2', ...device }, devices.minutes(80), nurse).seq;
    const amendTime = (targetSeq: number, minute: number) =>
      commandAllowed(
        devices.state(),
        {
          type: 'amendment.record',
          targetSeq,
          reason: 'Entered wrongly',
          change: { kind: 'dose_time', administeredAt: devices.minutes(minute) },
        },
        ctx('prescriber', devices.minutes(90)),
      );
    const refused = (message: RegExp) => ({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) } });
    // The issue's scenario: the first device moved three hours earlier would pass the REMS floor at once.
    expect(amendTime(headSeq, DOSE_MINUTE - 180)).toMatchObject(refused(/before the baseline reading/));
    // The baseline was taken at minute 2: the dose may be corrected back to it, as it could have been recorded.
    expect(amendTime(headSeq, 1)).toMatchObject(refused(/before the baseline reading/));
    expect(amendTime(headSeq, 2).ok).toBe(true);
    expect(amendTime(headSeq, 4).ok).toBe(true);
    expect(amendTime(deviceSeq, DOSE_MINUTE - 1)).toMatchObject(refused(/device cannot be earlier than its dose/));
    expect(amendTime(deviceSeq, 14).ok).toBe(true);
    expect(amendTime(headSeq, 16)).toMatchObject(refused(/later than its next device/));
    expect(amendTime(further, DOSE_MINUTE - 1)).toMatchObject(refused(/further dose cannot be earlier than the first/));
    expect(amendTime(further, 70).ok).toBe(true);
  });

  it("an observation by its author's role; a reading by those who record vitals", () => {
    expect(amend('therapist', byTherapist, { kind: 'note', text: 'It was MOAA/S 5' }).ok).toBe(true);
    expect(amend('nurse', byTherapist, { kind: 'note', text: 'It was MOAA/S 5' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(amend('nurse', byNurseReading, { kind: 'note', text: 'Cuff on the wrong arm' }).ok).toBe(true);
    expect(amend('therapist', byNurseReading, { kind: 'note', text: 'x' }).ok).toBe(false);
  });
});

describe('a PHQ-9 self-harm answer no one has acknowledged', () => {
  const SELF_HARM = /PHQ-9 self-harm answer has not been acknowledged/;
  /** PHQ-9 with item 9 at `item9`, before the dose; its alarm raised, and acknowledged when `acknowledged`. */
  function withPhq9(log: ReturnType<typeof preparedSession>, item9: number, acknowledged: boolean) {
    log.add(
      'questionnaire.recorded',
      { questionnaireId: 'q-9', instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, item9], completedBy: 'patient' },
      log.minutes(4),
    );
    if (item9 === 0) return log;
    const alarmId = selfHarmAlarmId('q-9');
    log.add(
      'alarm.raised',
      { alarmId, kind: 'self_harm', priority: 'high', technical: false, message: 'PHQ-9 item 9', recheck: false, value: item9 },
      log.minutes(4),
    );
    if (acknowledged)
      log.add('alarm.acknowledged', { alarmId, note: 'Spoke with the patient: safety plan reviewed' }, log.minutes(5), nurse);
    return log;
  }
  const endEarly = { type: 'session.endEarly' as const, reason: 'Patient declined today' };

  it('holds the session open: ending early is refused until someone acknowledges it', () => {
    for (const role of ['nurse', 'prescriber'] as const) {
      const open = withPhq9(preparedSession(), 2, false).state();
      expect(commandAllowed(open, endEarly, ctx(role, open.openedAt + 6 * 60_000))).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(SELF_HARM) },
      });
    }
    const acknowledged = withPhq9(preparedSession(), 2, true).state();
    expect(commandAllowed(acknowledged, endEarly, ctx('nurse', acknowledged.openedAt + 6 * 60_000))).toEqual({ ok: true });
    const none = withPhq9(preparedSession(), 0, false).state();
    expect(commandAllowed(none, endEarly, ctx('nurse', none.openedAt + 6 * 60_000))).toEqual({ ok: true });
  });

  it('refuses going home or leaving against advice before it is acknowledged, never a transfer to emergency care', () => {
    const log = recoveredSession();
    withPhq9(log, 1, false);
    const at = log.minutes(DOSE_MINUTE + 130);
    const leave = (disposition: 'home' | 'emergency_transfer' | 'against_advice') =>
      decideDischarge(
        log.state(),
        { type: 'session.discharge', disposition, dispositionReason: 'Reason given', overrideReason: 'Reviewed' },
        ctx('prescriber', at),
      );
    expect(leave('home')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(SELF_HARM) } });
    expect(leave('against_advice')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(SELF_HARM) } });
    expect(leave('emergency_transfer')).toMatchObject({ ok: true, payload: { disposition: 'emergency_transfer' } });
  });
});

describe('a dose time corrected after the patient left', () => {
  const MIN = 60_000;
  /** Recovered and discharged home at `dischargeMinute` after the first device; or transferred at 56 min with the floor failing. */
  function closed(how: 'home' | 'emergency_transfer') {
    const log = how === 'home' ? recoveredSession() : dosedSession();
    const after = how === 'home' ? 125 : 56;
    const payload =
      how === 'home'
        ? { override: null, failingItemIds: [], disposition: 'home' as const }
        : {
            override: null,
            failingItemIds: ['minimum_observation', 'regulatory_floor'],
            disposition: 'emergency_transfer' as const,
            dispositionReason: 'BP 210/120',
          };
    log.add('session.discharged', payload, log.minutes(DOSE_MINUTE + after), nurse);
    const dose = log.state().doses[0]!;
    const move = (toMinuteAfterDose: number) =>
      commandAllowed(
        log.state(),
        {
          type: 'amendment.record',
          targetSeq: dose.seq,
          reason: 'Time misread',
          change: { kind: 'dose_time', administeredAt: dose.administeredAt + toMinuteAfterDose * MIN },
        },
        ctx('nurse', log.minutes(DOSE_MINUTE + 200)),
      );
    return { move };
  }

  it.each([
    [0, true],
    [5, true], // discharged 120 min after it: the floor and the minimum still held
    [6, false], // 119 min: the record would say the patient went home before the REMS floor
    [60, false],
    [126, false], // after the patient left
  ])('home at 125 min, the first device moved %i min later: allowed=%s', (minutes, allowed) => {
    const result = closed('home').move(minutes);
    expect(result.ok).toBe(allowed);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'invalid_input', issues: [{ path: ['change', 'administeredAt'] }] });
      expect(result.error.message).toMatch(minutes > 125 ? /after the session closed/ : /would not have held when the patient left/);
    }
  });

  it('after a transfer to emergency care (the floor failing when they left), a later time stays correctable until the transfer', () => {
    expect(closed('emergency_transfer').move(30)).toEqual({ ok: true });
    expect(closed('emergency_transfer').move(57)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/after the session closed/) },
    });
  });
});
