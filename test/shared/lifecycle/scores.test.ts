import { describe, expect, it } from 'vitest';
import { evaluateDischarge } from '../../../shared/lifecycle/discharge';
import { commandAllowed } from '../../../shared/lifecycle/phases';
import { modifiedAldreteScore, padssScore } from '../../../shared/lifecycle/scoreDefaults';
import { evaluateScore } from '../../../shared/lifecycle/scores';
import type { VitalSet } from '../../../shared/vitals/schema';
import { ctx, dosedSession, DOSE_MINUTE, recoveredSession, sessionLog, testRules } from './fixtures';

const since = (log: { minutes: (m: number) => number }) => log.minutes(DOSE_MINUTE);

/** Baseline 120/80 HR 60 before a dose at minute 10, then one reading at minute 100. */
function withLatest(vitals: VitalSet) {
  const log = sessionLog();
  log.vitals(2, { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 60, spo2Percent: 98 });
  log.dose();
  log.vitals(100, vitals);
  return log;
}

function aldreteItem(vitals: VitalSet, id: string, now = 105) {
  const log = withLatest(vitals);
  return evaluateScore(log.state(), modifiedAldreteScore(), {
    since: since(log),
    now: log.minutes(now),
    recentReadingMinutes: 15,
  }).items.find((i) => i.id === id)!;
}

describe('modified Aldrete from the record', () => {
  it.each([
    [140, 2],
    [100, 2], // exactly +/-20 mmHg
    [141, 1],
    [99, 1],
    [169, 1],
    [71, 1], // 21-49
    [170, 0],
    [70, 0], // 50 or more
  ])('circulation: systolic %i against baseline 120 scores %i', (systolicMmHg, points) => {
    expect(aldreteItem({ systolicMmHg, diastolicMmHg: 80, spo2Percent: 98 }, 'circulation').points).toBe(points);
  });

  it.each([
    [93, 2],
    [92, 1],
    [90, 1],
    [89, 0],
  ])('SpO2 %i%% scores %i (2 = above 92%% on air)', (spo2Percent, points) => {
    expect(aldreteItem({ systolicMmHg: 120, diastolicMmHg: 80, spo2Percent }, 'spo2')).toMatchObject({ points, scoredBy: 'record' });
  });

  it('needs a recent reading: at 15 min old it counts, at 16 it does not', () => {
    expect(aldreteItem({ systolicMmHg: 120, diastolicMmHg: 80, spo2Percent: 98 }, 'spo2', 115).points).toBe(2);
    expect(aldreteItem({ systolicMmHg: 120, diastolicMmHg: 80, spo2Percent: 98 }, 'spo2', 116)).toMatchObject({
      points: null,
      reason: 'Latest SpO2 is 16 min old (needs one within 15 min)',
    });
  });

  it.each([
    [5, 2],
    [4, 1],
    [3, 1],
    [2, 0],
    [0, 0],
  ])('consciousness: MOAA/S %i scores %i', (score, points) => {
    const log = dosedSession();
    log.moaas(60, score);
    const item = evaluateScore(log.state(), modifiedAldreteScore(), {
      since: since(log),
      now: log.minutes(61),
      recentReadingMinutes: 15,
    }).items.find((i) => i.id === 'consciousness')!;
    expect(item.points).toBe(points);
  });

  it('activity and breathing are scored by a named person; the latest since the dose counts', () => {
    const log = dosedSession();
    log.aldrete(5, { activity: 2, breathing: 2 }); // before the dose: does not count
    let score = evaluateScore(log.state(), modifiedAldreteScore(), { since: since(log), now: log.minutes(60), recentReadingMinutes: 15 });
    expect(score.items.find((i) => i.id === 'activity')).toMatchObject({
      points: null,
      reason: 'Not scored since the dose',
      scoredBy: 'person',
    });
    log.aldrete(50, { activity: 1 });
    log.aldrete(55, { activity: 2 });
    score = evaluateScore(log.state(), modifiedAldreteScore(), { since: since(log), now: log.minutes(60), recentReadingMinutes: 15 });
    expect(score.items.find((i) => i.id === 'activity')).toMatchObject({
      points: 2,
      optionLabel: 'Moves all four limbs voluntarily or on command',
      reason: 'Scored by Nurse Demo',
    });
  });
});

describe('the Aldrete total against its pass mark (>= 9 of 10)', () => {
  const total = (activity: number) => {
    const log = recoveredSession();
    log.aldrete(134, { activity });
    const evaluation = evaluateDischarge(log.state(), testRules(), log.minutes(DOSE_MINUTE + 121), 0);
    return { score: evaluation.scores[0]!, item: evaluation.items.find((i) => i.id === 'score_aldrete')!, evaluation };
  };
  it.each([
    [2, 10, true],
    [1, 9, true],
    [0, 8, false],
  ])('activity %i: total %i, passes=%s', (activity, expected, passes) => {
    const { score, item } = total(activity);
    expect(score).toMatchObject({ name: 'Modified Aldrete', total: expected, max: 10, passAtTotal: 9, passes });
    expect(item).toMatchObject({ label: 'Modified Aldrete score at least 9 of 10', passes });
  });

  it('says which items are still unscored', () => {
    const log = dosedSession();
    log.vitals(100, { systolicMmHg: 130, diastolicMmHg: 84, heartRateBpm: 76, spo2Percent: 98 });
    log.moaas(100, 5);
    const item = evaluateDischarge(log.state(), testRules(), log.minutes(101), 0).items.find((i) => i.id === 'score_aldrete')!;
    expect(item).toMatchObject({
      passes: false,
      reason:
        'Total 6 of 10 (activity –, breathing –, circulation 2, consciousness 2, oxygen saturation 2); not yet scored: activity, breathing',
    });
  });
});

describe('PADSS as protocol data', () => {
  const padss = (systolicMmHg: number) => {
    const log = withLatest({ systolicMmHg, diastolicMmHg: 80, heartRateBpm: 60 });
    return evaluateScore(log.state(), padssScore(), { since: since(log), now: log.minutes(101), recentReadingMinutes: 15 }).items[0]!
      .points;
  };
  it.each([
    [144, 2],
    [145, 1],
    [168, 1],
    [169, 0],
    [96, 2],
    [95, 1],
  ])('vital signs: systolic %i against 120 scores %i (20%% / 40%%)', (systolic, points) => {
    expect(padss(systolic)).toBe(points);
  });
});

describe('scoring an item by hand', () => {
  const state = dosedSession().state();
  const score = (role: 'nurse' | 'therapist', itemId: string, points: number) =>
    commandAllowed(
      state,
      { type: 'observation.record', observation: { kind: 'score_item', scoreId: 'aldrete', itemId, points } },
      ctx(role, 0),
    );
  it('is allowed to the item roles with one of its options', () => {
    expect(score('nurse', 'activity', 1)).toEqual({ ok: true });
    expect(score('therapist', 'activity', 1)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a nurse or prescriber can score Modified Aldrete "Activity".' },
    });
    expect(score('nurse', 'activity', 3)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Modified Aldrete "Activity" scores 2, 1, 0.' },
    });
    expect(score('nurse', 'circulation', 2)).toMatchObject({
      ok: false,
      error: { message: 'Modified Aldrete "Circulation" is scored from the record, not by hand.' },
    });
    expect(score('nurse', 'posture', 2)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
  it('leaves other observations alone', () => {
    expect(commandAllowed(state, { type: 'observation.record', observation: { kind: 'moaas', score: 4 } }, ctx('therapist', 0))).toEqual({
      ok: true,
    });
  });
});
