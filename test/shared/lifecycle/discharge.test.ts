import { describe, expect, it } from 'vitest';
import { evaluateDischarge, readinessTransitions, type DischargeRules } from '../../../shared/lifecycle/discharge';
import type { SessionState } from '../../../shared/session/state';
import type { VitalSet } from '../../../shared/vitals/schema';
import {
  DOSE_MINUTE,
  dosedSession,
  nurse,
  prescriber,
  recoveredSession,
  sessionLog,
  testRules,
  therapist,
  withArtifact,
  type SessionLog,
} from './fixtures';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;
const AFTER_MINIMUM = at(DOSE_MINUTE + 121);

function item(state: SessionState, id: string, now = AFTER_MINIMUM, rules: DischargeRules = testRules(), alarms = 0) {
  const found = evaluateDischarge(state, rules, now, alarms).items.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
}

describe('minimum observation time (Spravato 120 min)', () => {
  const state = dosedSession().state();
  it.each([
    [119.9, false, '119 of 120 min elapsed since the dose'],
    [120, true, '120 of 120 min elapsed since the dose'],
    [120.1, true, '120 of 120 min elapsed since the dose'],
  ])('%f min after the dose: passes=%s (%s)', (minutes, passes, reason) => {
    expect(item(state, 'minimum_observation', at(DOSE_MINUTE + minutes))).toMatchObject({ kind: 'clinical', passes, reason });
  });

  it('fails before the dose and counts the protocol minimum', () => {
    expect(item(sessionLog().state(), 'minimum_observation')).toMatchObject({ passes: false, reason: 'Not dosed yet' });
    expect(item(state, 'minimum_observation', at(DOSE_MINUTE + 60), testRules({ minimumObservationMinutes: 60 }))).toMatchObject({
      passes: true,
      label: 'Minimum observation time (60 min)',
    });
  });
});

/** Baseline 100/60, heart rate 50: whole numbers make 19/20/21% exact. */
function withBaseline(): SessionLog {
  const log = sessionLog();
  log.vitals(2, { systolicMmHg: 100, diastolicMmHg: 60, heartRateBpm: 50 });
  log.dose();
  return log;
}

/** Evaluated a minute after the latest reading: inside the protocol's 15-minute window. */
const JUST_AFTER = at(101);

function latest(vitals: VitalSet) {
  const log = withBaseline();
  log.vitals(100, vitals);
  return item(log.state(), 'vitals_near_baseline', JUST_AFTER);
}

describe('latest vitals within 20% of baseline (PADSS)', () => {
  it.each([
    [119, true],
    [120, true],
    [121, false], // above
    [81, true],
    [80, true],
    [79, false], // below
  ])('systolic %i against 100: passes=%s', (systolicMmHg, passes) => {
    expect(latest({ systolicMmHg, diastolicMmHg: 60, heartRateBpm: 50 }).passes).toBe(passes);
  });

  it.each([
    [71, true],
    [72, true],
    [73, false],
    [48, true],
    [47, false],
  ])('diastolic %i against 60: passes=%s', (diastolicMmHg, passes) => {
    expect(latest({ systolicMmHg: 100, diastolicMmHg, heartRateBpm: 50 }).passes).toBe(passes);
  });

  it.each([
    [59, true],
    [60, true],
    [61, false],
    [40, true],
    [39, false],
  ])('heart rate %i against 50: passes=%s', (heartRateBpm, passes) => {
    expect(latest({ systolicMmHg: 100, diastolicMmHg: 60, heartRateBpm }).passes).toBe(passes);
  });

  it('says which value is out and by how much', () => {
    expect(latest({ systolicMmHg: 121, diastolicMmHg: 60, heartRateBpm: 50 }).reason).toBe(
      'Systolic 121 is 21% above baseline 100 (allowed 20%)',
    );
    expect(latest({ systolicMmHg: 100, diastolicMmHg: 60, heartRateBpm: 39 }).reason).toBe(
      'Heart rate 39 is 22% below baseline 50 (allowed 20%)',
    );
    expect(latest({ systolicMmHg: 120, diastolicMmHg: 72, heartRateBpm: 60 }).reason).toBe(
      'Latest within 20% of baseline: systolic 120 (baseline 100), diastolic 72 (baseline 60), heart rate 60 (baseline 50)',
    );
  });

  it('uses the protocol range when it differs', () => {
    const log = withBaseline();
    log.vitals(100, { systolicMmHg: 125, diastolicMmHg: 60, heartRateBpm: 50 });
    const rules = testRules({ dischargeConfig: { ...testRules().dischargeConfig, vitalsWithinPercentOfBaseline: 25 } });
    expect(item(log.state(), 'vitals_near_baseline', JUST_AFTER, rules)).toMatchObject({
      passes: true,
      label: 'Vital signs within 25% of baseline',
    });
  });

  it("takes each parameter's latest value after the dose, skipping artifacts", () => {
    const log = withBaseline();
    log.vitals(90, { systolicMmHg: 110, diastolicMmHg: 62 });
    log.vitals(95, { heartRateBpm: 55 });
    const spike = log.vitals(100, { systolicMmHg: 190, diastolicMmHg: 100, heartRateBpm: 51 });
    expect(item(log.state(), 'vitals_near_baseline', JUST_AFTER).passes).toBe(false);
    expect(item(withArtifact(log.state(), spike.payload.readingId), 'vitals_near_baseline', JUST_AFTER)).toMatchObject({
      passes: true,
      reason: 'Latest within 20% of baseline: systolic 110 (baseline 100), diastolic 62 (baseline 60), heart rate 55 (baseline 50)',
    });
  });

  it('fails with no reading since the dose; skips heart rate when there was none before', () => {
    expect(item(withBaseline().state(), 'vitals_near_baseline')).toMatchObject({
      passes: false,
      reason: 'No systolic measured since the dose',
    });
    const log = sessionLog();
    log.vitals(2, { systolicMmHg: 100, diastolicMmHg: 60 });
    log.dose();
    log.vitals(100, { systolicMmHg: 105, diastolicMmHg: 60 });
    expect(item(log.state(), 'vitals_near_baseline', JUST_AFTER).passes).toBe(true);
    const noHrAfter = withBaseline();
    noHrAfter.vitals(100, { systolicMmHg: 105, diastolicMmHg: 60 });
    expect(item(noHrAfter.state(), 'vitals_near_baseline', JUST_AFTER)).toMatchObject({
      passes: false,
      reason: 'No heart rate measured since the dose',
    });
  });

  it('refuses a stale latest value: each compared vital within the protocol window (15 min) of now', () => {
    const log = withBaseline();
    log.vitals(40, { heartRateBpm: 52 });
    log.vitals(100, { systolicMmHg: 105, diastolicMmHg: 60 });
    // The heart rate was last measured 61 min ago: a pressure of a minute ago does not vouch for it.
    expect(item(log.state(), 'vitals_near_baseline', JUST_AFTER)).toMatchObject({
      passes: false,
      reason: 'Latest heart rate is 61 min old (needs one within 15 min)',
    });
    log.vitals(110, { systolicMmHg: 104, diastolicMmHg: 61, heartRateBpm: 53 });
    expect(item(log.state(), 'vitals_near_baseline', at(125)).passes).toBe(true);
    expect(item(log.state(), 'vitals_near_baseline', at(126))).toMatchObject({
      passes: false,
      reason: 'Latest systolic is 16 min old (needs one within 15 min)',
    });
  });

  it('fails with no pre-dose blood pressure', () => {
    const log = sessionLog();
    log.dose();
    log.vitals(100, { systolicMmHg: 105, diastolicMmHg: 60 });
    expect(item(log.state(), 'vitals_near_baseline')).toMatchObject({ passes: false, reason: 'No pre-dose systolic to compare with' });
  });
});

describe('MOAA/S back to 5', () => {
  it.each([
    [4, false],
    [5, true],
  ])('latest MOAA/S %i: passes=%s', (score, passes) => {
    const log = dosedSession();
    log.moaas(100, score);
    expect(item(log.state(), 'moaas_recovered').passes).toBe(passes);
  });

  it('says so when none was recorded since the dose (a pre-dose 5 does not count)', () => {
    const log = dosedSession();
    expect(item(log.state(), 'moaas_recovered')).toMatchObject({ passes: false, reason: 'No MOAA/S recorded since the dose' });
    const pre = sessionLog();
    pre.moaas(2, 5);
    pre.dose();
    expect(item(pre.state(), 'moaas_recovered').passes).toBe(false);
  });

  it("uses the latest, in the scale's words", () => {
    const log = dosedSession();
    log.moaas(80, 5);
    log.moaas(90, 4);
    expect(item(log.state(), 'moaas_recovered').reason).toBe('Latest MOAA/S 4 (lethargic response to name spoken in normal tone); needs 5');
    log.moaas(100, 5);
    expect(item(log.state(), 'moaas_recovered').reason).toBe('Latest MOAA/S 5: responds readily to name spoken in normal tone');
  });
});

describe('dissociation resolved', () => {
  /** Pre-dose CADSS-6 total 2. */
  function cadssSession() {
    const log = sessionLog();
    log.cadss6(3, [1, 1, 0, 0, 0, 0]);
    log.dose();
    return log;
  }

  it.each([
    [1, true],
    [2, true],
    [3, false],
  ])('CADSS-6 total %i against a pre-dose total of 2: passes=%s', (total, passes) => {
    const log = cadssSession();
    log.cadss6(100, [total, 0, 0, 0, 0, 0]);
    expect(item(log.state(), 'dissociation_resolved').passes).toBe(passes);
  });

  it('needs 0 when there was no pre-dose CADSS-6, and says why', () => {
    const log = sessionLog();
    log.dose();
    log.cadss6(100, [0, 0, 1, 0, 0, 0]);
    expect(item(log.state(), 'dissociation_resolved')).toMatchObject({
      passes: false,
      reason: 'Latest CADSS-6 1 is above baseline (no pre-dose score, so 0)',
    });
    log.cadss6(110, [0, 0, 0, 0, 0, 0]);
    expect(item(log.state(), 'dissociation_resolved').passes).toBe(true);
  });

  it('accepts the therapist\'s "returned to baseline", unless a later score says otherwise', () => {
    const log = cadssSession();
    log.cadss6(60, [4, 4, 2, 0, 0, 0]);
    log.add('observation.recorded', { observationId: 'rtb', observation: { kind: 'returned_to_baseline' } }, log.minutes(90), therapist);
    expect(item(log.state(), 'dissociation_resolved')).toMatchObject({
      passes: true,
      reason: 'Therapist Demo noted "returned to baseline"',
    });
    log.cadss6(100, [2, 2, 0, 0, 0, 0]);
    expect(item(log.state(), 'dissociation_resolved').passes).toBe(false);
  });

  it('fails with nothing since the dose', () => {
    expect(item(cadssSession().state(), 'dissociation_resolved')).toMatchObject({
      passes: false,
      reason: 'No CADSS-6 or "returned to baseline" since the dose',
    });
  });

  it('on the 0-10 rating scale compares with the pre-dose rating and ignores CADSS-6 entries', () => {
    const rules = testRules({ dissociationScale: 'rating0to10' });
    const log = sessionLog();
    log.add('observation.recorded', { observationId: 'pre', observation: { kind: 'dissociation', rating: 1 } }, log.minutes(3), therapist);
    log.dose();
    log.cadss6(90, [0, 0, 0, 0, 0, 0]);
    expect(item(log.state(), 'dissociation_resolved', AFTER_MINIMUM, rules).reason).toBe(
      'No dissociation rating or "returned to baseline" since the dose',
    );
    for (const [index, [rating, passes]] of (
      [
        [2, false],
        [1, true],
        [0, true],
      ] as const
    ).entries()) {
      log.add(
        'observation.recorded',
        { observationId: `r${rating}`, observation: { kind: 'dissociation', rating } },
        log.minutes(100 + index),
        therapist,
      );
      expect(item(log.state(), 'dissociation_resolved', AFTER_MINIMUM, rules).passes).toBe(passes);
    }
  });
});

describe('no active alarm', () => {
  const state = recoveredSession().state();
  it.each([
    [0, true, 'No active alarms'],
    [1, false, '1 alarm is active'],
    [2, false, '2 alarms are active'],
  ])('%i active: passes=%s', (count, passes, reason) => {
    expect(item(state, 'no_active_alarm', AFTER_MINIMUM, testRules(), count)).toMatchObject({ passes, reason });
  });
});

describe('practical items', () => {
  it('pass when ticked by a named person; the integration session needs its date', () => {
    const log = dosedSession();
    expect(item(log.state(), 'responsible_adult')).toMatchObject({
      kind: 'practical',
      passes: false,
      reason: 'Not ticked yet',
      tick: null,
    });
    log.add('checklist.itemTicked', { checklist: 'discharge', itemId: 'responsible_adult' }, log.minutes(100), nurse);
    expect(item(log.state(), 'responsible_adult')).toMatchObject({
      passes: true,
      reason: 'Ticked by Nurse Demo',
      tick: { tickedBy: nurse },
    });
    log.add('checklist.itemTicked', { checklist: 'discharge', itemId: 'integration_booked' }, log.minutes(100), prescriber);
    expect(item(log.state(), 'integration_booked')).toMatchObject({ passes: false, reason: 'Ticked by Dr Demo but no date recorded' });
  });
});

describe('the whole checklist', () => {
  it('holds for a recovered patient after the minimum time, in checklist order', () => {
    const evaluation = evaluateDischarge(recoveredSession().state(), testRules(), at(DOSE_MINUTE + 120), 0);
    expect(evaluation.allPass).toBe(true);
    expect(evaluation.items.map((i) => i.id)).toEqual([
      'minimum_observation',
      'regulatory_floor',
      'recent_blood_pressure',
      'vitals_near_baseline',
      'moaas_recovered',
      'dissociation_resolved',
      'no_active_alarm',
      'score_aldrete',
      'score_padss',
      'responsible_adult',
      'instructions_given',
      'integration_booked',
    ]);
  });

  it('with the shipped protocols, orientation and gait, pain and nausea count (PADSS beside Aldrete)', () => {
    const now = at(134);
    const failing = (log: SessionLog) => evaluateDischarge(log.state(), testRules(), now, 0).items.filter((i) => !i.passes);
    // Aldrete 10 of 10, but disoriented with an unsteady gait: PADSS 4 of 6 (pass at 5).
    const disoriented = recoveredSession();
    disoriented.padss(133, { activity_mental_status: 0 });
    expect(failing(disoriented)).toMatchObject([{ id: 'score_padss', passes: false, reason: expect.stringMatching(/^Total 4 of 6/) }]);
    const severeNausea = recoveredSession();
    severeNausea.padss(133, { pain_nausea: 0 });
    expect(failing(severeNausea).map((i) => i.id)).toEqual(['score_padss']);
    // Moderate nausea alone loses one point: PADSS 5 of 6 still passes, as the published 9 of 10 does.
    const moderate = recoveredSession();
    moderate.padss(133, { pain_nausea: 1 });
    expect(failing(moderate)).toEqual([]);
  });

  it('tells the server when readiness is reached and when it is lost', () => {
    const log = recoveredSession();
    const ready = evaluateDischarge(log.state(), testRules(), AFTER_MINIMUM, 0);
    const notReady = evaluateDischarge(log.state(), testRules(), AFTER_MINIMUM, 1);
    expect(readinessTransitions(log.state(), ready)).toEqual([
      { type: 'session.clinicallyReady', payload: {} },
      { type: 'session.readyForDischarge', payload: {} },
    ]);
    expect(readinessTransitions(log.state(), notReady)).toEqual([]);
    log.add('session.clinicallyReady', {}, AFTER_MINIMUM);
    log.add('session.readyForDischarge', {}, AFTER_MINIMUM);
    expect(readinessTransitions(log.state(), ready)).toEqual([]);
    expect(readinessTransitions(log.state(), notReady)).toEqual([
      { type: 'session.readinessLost', payload: { failingItemIds: ['no_active_alarm'] } },
    ]);
    log.add('session.discharged', { override: null, failingItemIds: [] }, AFTER_MINIMUM + 1, prescriber);
    expect(readinessTransitions(log.state(), notReady)).toEqual([]);
  });
});
