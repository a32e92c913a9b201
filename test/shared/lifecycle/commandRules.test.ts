import { describe, expect, it } from 'vitest';
import { decideDischarge, FUTURE_TOLERANCE_MS } from '../../../shared/lifecycle/commandRules';
import { commandAllowed } from '../../../shared/lifecycle/phases';
import { doseBlockers, predoseAdvisoryStatus } from '../../../shared/lifecycle/predose';
import type { AmendmentChange } from '../../../shared/lifecycle/schemas';
import type { VitalSet } from '../../../shared/vitals/schema';
import {
  ctx,
  DOSE_MINUTE,
  dosedSession,
  NORMAL_BASELINE,
  nurse,
  preparedSession,
  prescriber,
  recoveredSession,
  sessionLog,
  testRules,
  therapist,
  withArtifact,
} from './fixtures';

const LIMITS = testRules().advisoryLimits;
const bp = (systolicMmHg: number, diastolicMmHg: number): VitalSet => ({ systolicMmHg, diastolicMmHg, heartRateBpm: 70 });

function doseCommand(observedAt: number, extra: { route?: string; deviceCount?: number } = {}) {
  return { type: 'dose.record' as const, observedAt, route: extra.route ?? 'intranasal', deviceCount: extra.deviceCount };
}

describe('pre-dose advisory (default 140/90: above either needs a prescriber)', () => {
  it.each([
    [140, 90, 'within_limits'],
    [139, 89, 'within_limits'],
    [141, 90, 'needs_acknowledgement'],
    [140, 91, 'needs_acknowledgement'],
  ] as const)('baseline %i/%i is %s', (systolic, diastolic, status) => {
    const log = sessionLog();
    log.vitals(2, bp(systolic, diastolic));
    expect(predoseAdvisoryStatus(log.state(), LIMITS).status).toBe(status);
  });

  it('has no status without a baseline blood pressure (an SpO2-only reading is not one)', () => {
    const log = sessionLog();
    log.vitals(2, { spo2Percent: 97 });
    expect(predoseAdvisoryStatus(log.state(), LIMITS).status).toBe('no_baseline');
  });

  it('is acknowledged by a prescriber only, once, and covers a later baseline that is no higher', () => {
    const log = preparedSession();
    log.vitals(4, bp(152, 94));
    const before = log.state();
    expect(commandAllowed(before, { type: 'predose.acknowledgeAdvisory' }, ctx('nurse', log.minutes(5)))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a prescriber can acknowledge a baseline above the advisory limit.' },
    });
    expect(commandAllowed(before, { type: 'predose.acknowledgeAdvisory' }, ctx('prescriber', log.minutes(5)))).toEqual({ ok: true });

    log.add('predose.advisoryAcknowledged', { reason: 'Anxious on arrival; benefit outweighs' }, log.minutes(5), prescriber);
    expect(predoseAdvisoryStatus(log.state(), LIMITS).status).toBe('acknowledged');
    expect(log.state().predoseAdvisoryAcknowledgement).toMatchObject({
      baselineSystolicMmHg: 152,
      baselineDiastolicMmHg: 94,
      reason: 'Anxious on arrival; benefit outweighs',
    });
    expect(commandAllowed(log.state(), { type: 'predose.acknowledgeAdvisory' }, ctx('prescriber', log.minutes(6)))).toMatchObject({
      ok: false,
      error: { message: 'The baseline 152/94 has already been acknowledged.' },
    });

    log.vitals(7, bp(150, 94)); // a repeat, lower: still covered
    expect(predoseAdvisoryStatus(log.state(), LIMITS).status).toBe('acknowledged');
    log.vitals(8, bp(150, 95)); // diastolic higher than the acknowledged one: ask again
    expect(predoseAdvisoryStatus(log.state(), LIMITS).status).toBe('needs_acknowledgement');
  });

  it('refuses an acknowledgement with no baseline or a baseline within limits', () => {
    const empty = sessionLog();
    expect(commandAllowed(empty.state(), { type: 'predose.acknowledgeAdvisory' }, ctx('prescriber', empty.minutes(1)))).toMatchObject({
      ok: false,
      error: { message: 'There is no baseline blood pressure yet to acknowledge.' },
    });
    const normal = preparedSession();
    expect(commandAllowed(normal.state(), { type: 'predose.acknowledgeAdvisory' }, ctx('prescriber', normal.minutes(5)))).toMatchObject({
      ok: false,
      error: { message: 'The baseline 128/82 is within the advisory limit of 140/90: nothing to acknowledge.' },
    });
  });
});

describe('recording the dose', () => {
  it('is refused without a baseline, naming what is missing', () => {
    const log = sessionLog();
    log.tickAllPreDose(1);
    const result = commandAllowed(log.state(), doseCommand(log.minutes(10)), ctx('nurse', log.minutes(10)));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Record a baseline vital set with blood pressure before the dose') },
    });
  });

  it('does not take an artifact reading as the baseline', () => {
    const log = sessionLog();
    log.tickAllPreDose(1);
    const reading = log.vitals(2, bp(128, 82));
    const state = withArtifact(log.state(), reading.payload.readingId);
    expect(doseBlockers(state, testRules().preDoseChecklist, LIMITS).map((b) => b.id)).toEqual(['baseline_missing']);
  });

  it('is refused while a high baseline is unacknowledged, then allowed once a prescriber acknowledges', () => {
    const log = preparedSession();
    log.vitals(4, bp(141, 80));
    const refused = commandAllowed(log.state(), doseCommand(log.minutes(10)), ctx('nurse', log.minutes(10)));
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: expect.stringContaining('The baseline 141/80 is above the advisory limit of 140/90: a prescriber must acknowledge it'),
      },
    });
    log.add('predose.advisoryAcknowledged', {}, log.minutes(5), prescriber);
    expect(commandAllowed(log.state(), doseCommand(log.minutes(10)), ctx('nurse', log.minutes(10)))).toEqual({ ok: true });
  });

  it('is refused while a pre-dose item is unticked, naming the item', () => {
    const log = sessionLog();
    for (const item of testRules().preDoseChecklist.filter((i) => i.id !== 'consent_confirmed')) {
      log.add(
        'checklist.itemTicked',
        { checklist: 'pre_dose', itemId: item.id },
        log.minutes(1),
        item.id === 'intention_noted' ? therapist : nurse,
      );
    }
    log.vitals(2, bp(128, 82));
    const result = commandAllowed(log.state(), doseCommand(log.minutes(10)), ctx('nurse', log.minutes(10)));
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Pre-dose checklist not complete: Consent confirmed today') },
    });
    if (!result.ok) expect(result.error.issues.map((i) => i.path)).toEqual([['checklist_incomplete']]);
  });

  it('refuses a dose time more than a minute ahead of the server clock, accepts one at the tolerance', () => {
    const state = preparedSession().state();
    const now = preparedSession().minutes(10);
    expect(commandAllowed(state, doseCommand(now + FUTURE_TOLERANCE_MS), ctx('nurse', now))).toEqual({ ok: true });
    expect(commandAllowed(state, doseCommand(now + FUTURE_TOLERANCE_MS + 1), ctx('nurse', now))).toMatchObject({
      ok: false,
      error: { message: 'The dose time is in the future — please check it.' },
    });
  });

  it('refuses a dose timed before the baseline reading, and a device count on a non-intranasal route', () => {
    const log = preparedSession();
    expect(commandAllowed(log.state(), doseCommand(log.minutes(1)), ctx('nurse', log.minutes(10)))).toMatchObject({
      ok: false,
      error: { message: 'The dose time is before the baseline reading — please check it.' },
    });
    expect(
      commandAllowed(log.state(), doseCommand(log.minutes(10), { route: 'intramuscular', deviceCount: 1 }), ctx('nurse', log.minutes(10))),
    ).toMatchObject({
      ok: false,
      error: { message: 'A device count applies only to intranasal doses.' },
    });
  });

  it('accepts a further dose of a route the protocol sets a schedule for, but not one earlier than the first', () => {
    const log = dosedSession();
    const further = {
      rules: testRules({ dosing: { furtherDoses: [{ route: 'intranasal', checkScheduleMinutes: [0], minimumObservationMinutes: 60 }] } }),
    };
    expect(commandAllowed(log.state(), doseCommand(log.minutes(DOSE_MINUTE + 5)), ctx('nurse', log.minutes(20), further))).toEqual({
      ok: true,
    });
    expect(commandAllowed(log.state(), doseCommand(log.minutes(DOSE_MINUTE - 1)), ctx('nurse', log.minutes(20), further))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('cannot be earlier than the first dose') },
    });
  });
});

describe('the first dose is never timed before the pre-dose checklist was complete (the observation floor counts from a real dose)', () => {
  /** The baseline typed in dated 150 minutes back (allowed: taken in the waiting room), the checklist ticked at minute 1. */
  function backDatedBaseline() {
    const log = sessionLog();
    log.vitals(-150, NORMAL_BASELINE);
    log.tickAllPreDose(1);
    return log;
  }
  const ready = sessionLog().minutes(1);
  it.each([
    ['beside the back-dated baseline', -149 * 60_000, false],
    ['a minute and a millisecond before the last tick', -60_001, false],
    ['a minute before it (a time typed to the minute)', -60_000, true],
    ['at the last tick', 0, true],
    ['after it', 5 * 60_000, true],
  ])('a dose recorded %s', (_case, offsetMs, allowed) => {
    const log = backDatedBaseline();
    const result = commandAllowed(log.state(), doseCommand(ready + offsetMs), ctx('nurse', log.minutes(10)));
    if (allowed) expect(result).toEqual({ ok: true });
    else
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: ['observedAt'], message: 'Before the pre-dose checklist was complete' }] },
      });
  });

  it.each([
    ['beside the back-dated baseline', -149 * 60_000, false],
    ['a minute and a millisecond before the last tick', -60_001, false],
    ['a minute before it', -60_000, true],
  ])("a dose's time corrected to %s", (_case, offsetMs, allowed) => {
    const log = backDatedBaseline();
    const dose = log.dose(5);
    const change: AmendmentChange = { kind: 'dose_time', administeredAt: ready + offsetMs };
    const result = commandAllowed(
      log.state(),
      { type: 'amendment.record', targetSeq: dose.seq, reason: 'Entered late', change },
      ctx('nurse', log.minutes(10)),
    );
    if (allowed) expect(result).toEqual({ ok: true });
    else
      expect(result).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('before the pre-dose checklist was complete') },
      });
  });

  it("counts the prescriber's acknowledgement of a high baseline: the dose waited for it too", () => {
    const log = sessionLog();
    log.tickAllPreDose(1);
    log.vitals(2, bp(150, 95));
    log.add('predose.advisoryAcknowledged', {}, log.minutes(6), prescriber);
    const before = commandAllowed(log.state(), doseCommand(log.minutes(4)), ctx('nurse', log.minutes(10)));
    expect(before).toMatchObject({ ok: false, error: { issues: [{ path: ['observedAt'] }] } });
    expect(commandAllowed(log.state(), doseCommand(log.minutes(6)), ctx('nurse', log.minutes(10)))).toEqual({ ok: true });
  });
});

describe('ticking checklist items', () => {
  const tick = (checklist: 'pre_dose' | 'discharge', itemId: string, date?: number) => ({
    type: 'checklist.tick' as const,
    checklist,
    itemId,
    date,
  });

  it('is refused for an unknown item or a role the item does not allow', () => {
    const state = sessionLog().state();
    const now = sessionLog().minutes(1);
    expect(commandAllowed(state, tick('pre_dose', 'nope'), ctx('nurse', now))).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no item "nope" on the pre-dose checklist.' },
    });
    expect(commandAllowed(state, tick('pre_dose', 'intention_noted'), ctx('nurse', now))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a therapist can change "Intention for the session noted".' },
    });
    expect(commandAllowed(state, tick('pre_dose', 'fasting'), ctx('therapist', now))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('Only a nurse or prescriber can change') },
    });
    expect(commandAllowed(state, tick('pre_dose', 'intention_noted'), ctx('therapist', now))).toEqual({ ok: true });
  });

  it('is refused when already ticked, saying by whom', () => {
    const log = sessionLog();
    log.add('checklist.itemTicked', { checklist: 'pre_dose', itemId: 'fasting' }, log.minutes(1), nurse);
    expect(commandAllowed(log.state(), tick('pre_dose', 'fasting'), ctx('prescriber', log.minutes(2)))).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('was already ticked by Nurse Demo') },
    });
  });

  it('needs a date for the integration session, and takes none elsewhere', () => {
    const log = dosedSession();
    const now = log.minutes(60);
    expect(commandAllowed(log.state(), tick('discharge', 'integration_booked'), ctx('nurse', now))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(commandAllowed(log.state(), tick('discharge', 'integration_booked', log.minutes(3 * 24 * 60)), ctx('nurse', now))).toEqual({
      ok: true,
    });
    expect(commandAllowed(log.state(), tick('discharge', 'responsible_adult', now), ctx('nurse', now))).toMatchObject({
      ok: false,
      error: { message: '"Responsible adult present to take the patient home" takes no date.' },
    });
  });

  it('freezes the pre-dose checklist once the dose is given', () => {
    const log = dosedSession();
    log.add('checklist.itemUnticked', { checklist: 'pre_dose', itemId: 'fasting' }, log.minutes(20), nurse);
    expect(commandAllowed(log.state(), tick('pre_dose', 'fasting'), ctx('nurse', log.minutes(21)))).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('the pre-dose checklist can no longer change') },
    });
  });

  it('unticks only a ticked item', () => {
    const log = dosedSession();
    const untick = { type: 'checklist.untick' as const, checklist: 'discharge' as const, itemId: 'responsible_adult' };
    expect(commandAllowed(log.state(), untick, ctx('nurse', log.minutes(30)))).toMatchObject({
      ok: false,
      error: { message: '"Responsible adult present to take the patient home" is not ticked.' },
    });
    log.add('checklist.itemTicked', { checklist: 'discharge', itemId: 'responsible_adult' }, log.minutes(30), nurse);
    expect(commandAllowed(log.state(), untick, ctx('nurse', log.minutes(31)))).toEqual({ ok: true });
  });
});

describe('discharge', () => {
  const discharge = (overrideReason?: string) => ({ type: 'session.discharge' as const, overrideReason });

  it('is allowed for anyone named when every item holds, with no override', () => {
    const log = recoveredSession();
    const decision = decideDischarge(log.state(), discharge(), ctx('nurse', log.minutes(DOSE_MINUTE + 120)));
    expect(decision).toEqual({ ok: true, payload: { override: null, failingItemIds: [], disposition: 'home' } });
  });

  it('is refused while an item fails, with the failing items and their reasons in the message', () => {
    const log = recoveredSession();
    const result = commandAllowed(log.state(), discharge(), ctx('nurse', log.minutes(DOSE_MINUTE + 119)));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining('Minimum observation time (120 min) (119 of 120 min elapsed since the dose)'),
      },
    });
    if (!result.ok) {
      expect(result.error.issues).toEqual([
        { path: ['items', 'minimum_observation'], message: 'Minimum observation time (120 min): 119 of 120 min elapsed since the dose' },
        {
          path: ['items', 'regulatory_floor'],
          message: 'Spravato REMS: at least 120 min from the first device before going home: 119 of 120 min since the first device',
        },
      ]);
    }
  });

  it('accepts a prescriber override only with a non-empty reason, and records the failing items', () => {
    const log = recoveredSession();
    const context = ctx('prescriber', log.minutes(60), { activeAlarmCount: 1, rules: testRules({ regulatoryFloor: null }) });
    expect(decideDischarge(log.state(), discharge(), context)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('To discharge anyway, give a reason') },
    });
    expect(decideDischarge(log.state(), discharge('   '), context)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(decideDischarge(log.state(), discharge(' Transfer to ED by ambulance '), context)).toEqual({
      ok: true,
      payload: {
        override: { reason: 'Transfer to ED by ambulance' },
        failingItemIds: ['minimum_observation', 'no_active_alarm'],
        disposition: 'home',
      },
    });
  });

  it('refuses an override from anyone but a prescriber', () => {
    const log = recoveredSession();
    expect(
      decideDischarge(
        log.state(),
        discharge('Escort waiting'),
        ctx('nurse', log.minutes(60), { rules: testRules({ regulatoryFloor: null }) }),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('Only a prescriber can discharge with items failing') },
    });
  });
});

describe('ending early and amendments', () => {
  it('needs a reason to end early', () => {
    const log = preparedSession();
    expect(commandAllowed(log.state(), { type: 'session.endEarly', reason: '  ' }, ctx('prescriber', log.minutes(20)))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Give a reason for ending the session early.' },
    });
  });

  it('amends an existing entry; only a dose can have its time or lot changed', () => {
    const log = dosedSession();
    const doseSeq = log.events.find((e) => e.type === 'dose.recorded')!.seq;
    const state = log.state();
    const now = log.minutes(30);
    const amend = (targetSeq: number, change: AmendmentChange, reason = 'Entered wrongly') =>
      commandAllowed(state, { type: 'amendment.record', targetSeq, reason, change }, ctx('nurse', now));
    expect(amend(doseSeq, { kind: 'dose_time', administeredAt: log.minutes(8) })).toEqual({ ok: true });
    expect(amend(doseSeq, { kind: 'dose_lot', lotNumber: 'L2' })).toEqual({ ok: true });
    expect(amend(1, { kind: 'dose_time', administeredAt: log.minutes(8) })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Entry #1 is not a dose') },
    });
    expect(amend(0, { kind: 'note', text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(amend(state.lastSeq + 1, { kind: 'note', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `There is no entry #${state.lastSeq + 1} in this session.` },
    });
    expect(amend(state.lastSeq, { kind: 'note', text: 'x' })).toEqual({ ok: true });
    expect(amend(doseSeq, { kind: 'dose_time', administeredAt: now + FUTURE_TOLERANCE_MS + 1 })).toMatchObject({
      ok: false,
      error: { message: 'The corrected dose time is in the future — please check it.' },
    });
    expect(amend(1, { kind: 'note', text: 'x' }, ' ')).toMatchObject({ ok: false, error: { message: 'Give a reason for the amendment.' } });
  });
});
