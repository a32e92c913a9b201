import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextEvidenceTurnAt } from '../../../shared/alerts/due';
import { trustedSeries, weighedSeries, type WeighedValue } from '../../../shared/alerts/evidence';
import type { AlarmControls, ArtifactJump } from '../../../shared/protocols/alarmControls';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import { recentValuesOf, type RecentValues } from '../../../shared/session/recentTails';
import { ruleIndexOf } from '../../../shared/session/ruleIndex';
import type { SessionState } from '../../../shared/session/state';
import { VITAL_KEYS, type VitalKey } from '../../../shared/vitals/plausibility';
import { play, stepsArb } from '../../support/randomSessions';

/**
 * The alarm rules weigh each vital's recent values in place, once per tail and window
 * (shared/alerts/evidence.ts), and find the next instant time turns a hold with a binary search
 * (shared/alerts/due.ts `nextEvidenceTurnAt`). Checked here against the straightforward
 * computations they replace, as written before (a copy of every value judged in one pass; every
 * value's every span), on random sessions played one event at a time, so the weighings are
 * reused from state to state as the server reuses them.
 */

/** The reference: each recent value copied and judged against its neighbours, as evidence.ts did before. */
function weighedCopy({ values, truncated }: RecentValues, { jump, returnWithinSeconds }: ArtifactJump) {
  const weighed: WeighedValue[] = values.map((value) => ({ ...value, suspect: 'none' }));
  let index = 1;
  while (index < weighed.length) {
    const anchor = weighed[index - 1]!;
    const start = weighed[index]!;
    if (start.deliberate || Math.abs(start.value - anchor.value) < jump) {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < weighed.length) {
      const next = weighed[end + 1]!;
      if (next.deliberate || Math.abs(next.value - anchor.value) < jump) break;
      end += 1;
    }
    const after = weighed[end + 1];
    if (after === undefined) {
      for (let run = index; run <= end; run += 1) weighed[run]!.suspect = 'pending';
    } else if (Math.abs(after.value - anchor.value) < jump / 2 && after.observedAt - start.observedAt <= returnWithinSeconds * 1000) {
      for (let run = index; run <= end; run += 1) weighed[run]!.suspect = 'returned';
    }
    index = end + 2;
  }
  return Object.assign(weighed, { truncated });
}

/** The reference: every recent value's every span, as due.ts listed them before. */
function everySpanTurnAt(state: SessionState, protocol: Protocol, now: number): number | null {
  let next = Number.POSITIVE_INFINITY;
  const turnsAt = (at: number) => {
    const instant = Math.ceil(at);
    if (instant > now && instant < next) next = instant;
  };
  const controls = protocol.alarmControls;
  for (const key of VITAL_KEYS) {
    const persistence = controls.persistence[key];
    const jump = controls.artifactJump[key];
    const persistenceSpans = [persistence.seconds, persistence.maxWaitSeconds, Math.max(persistence.seconds, jump.returnWithinSeconds)].map(
      (seconds) => seconds * 1000,
    );
    const recheckSpans = protocol.alarmLimits
      .filter((limit) => limit.parameter === key && limit.confirmWithinMinutes !== undefined)
      .map((limit) => limit.confirmWithinMinutes! * 60_000);
    for (const value of recentValuesOf(ruleIndexOf(state).recent[key], state.lastRecordedAt).values) {
      if (!value.deliberate) for (const span of persistenceSpans) turnsAt(value.observedAt + span);
      for (const span of recheckSpans) turnsAt(value.observedAt + span);
    }
  }
  return Number.isFinite(next) ? next : null;
}

const standard = spravato56Protocol();
/** Tighter jumps (more suspects) and recheck windows on vitals (the shipped protocols have none): a second set of controls on the same tails. */
const tight: Protocol = {
  ...standard,
  alarmLimits: [
    ...standard.alarmLimits,
    { id: 'heart-rate-confirm', parameter: 'heartRateBpm', comparator: '>=', value: 100, priority: 'medium', confirmWithinMinutes: 2 },
    { id: 'systolic-confirm', parameter: 'systolicMmHg', comparator: '>=', value: 160, priority: 'low', confirmWithinMinutes: 7.5 },
  ],
  alarmControls: {
    ...standard.alarmControls,
    artifactJump: Object.fromEntries(
      VITAL_KEYS.map((key) => {
        const { jump, returnWithinSeconds } = standard.alarmControls.artifactJump[key];
        return [key, { jump: jump / 2, returnWithinSeconds: returnWithinSeconds / 2 }];
      }),
    ) as AlarmControls['artifactJump'],
  },
};

const pick = ({
  value,
  observedAt,
  readingId,
  deliberate,
}: {
  value: number;
  observedAt: number;
  readingId?: string;
  deliberate: boolean;
}) => ({
  value,
  observedAt,
  readingId,
  deliberate,
});

describe('the weighing of the recent values, kept per tail (random sessions)', () => {
  it('the weighed and trusted series equal a copy of the recent values judged afresh, after every event, for two sets of controls', () => {
    const seen = { pending: 0, returned: 0, truncated: 0 };
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const state of play(steps)) {
          for (const protocol of [standard, tight]) {
            const controls = protocol.alarmControls;
            for (const key of VITAL_KEYS) {
              const reference = weighedCopy(
                recentValuesOf(ruleIndexOf(state).recent[key], state.lastRecordedAt),
                controls.artifactJump[key],
              );
              const weighed = weighedSeries(state, key, controls);
              expect(weighed, key).toEqual(reference);
              expect(weighed.truncated, key).toBe(reference.truncated);
              const trusted = trustedSeries(state, key, controls);
              expect(trusted.values.map(pick), key).toEqual(reference.filter((value) => value.suspect !== 'returned').map(pick));
              expect(trusted.newestPending, key).toBe(reference.at(-1)?.suspect === 'pending');
              expect(trusted.truncated, key).toBe(reference.truncated);
              if (trusted.newestPending) seen.pending += 1;
              if (reference.some((value) => value.suspect === 'returned')) seen.returned += 1;
              if (trusted.truncated) seen.truncated += 1;
            }
          }
        }
      }),
      { numRuns: 25 },
    );
    // The sessions reach every case: a jump still open, one that came back, a full tail.
    expect(seen.pending).toBeGreaterThan(0);
    expect(seen.returned).toBeGreaterThan(0);
    expect(seen.truncated).toBeGreaterThan(0);
  });

  it('the next instant time turns a hold or a recheck equals the earliest of every recent value’s every span, at and either side of each', () => {
    let turns = 0;
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: -20 * 60_000, max: 20 * 60_000 }), (steps, offsetMs) => {
        for (const state of play(steps)) {
          for (const protocol of [standard, tight]) {
            const newest = Math.max(0, ...VITAL_KEYS.map((key: VitalKey) => ruleIndexOf(state).recent[key].at(-1)?.observedAt ?? 0));
            const instants = [state.lastRecordedAt + offsetMs, newest, newest + offsetMs];
            // Exactly at an instant that turns, and a millisecond either side (the binary search's edges).
            const turn = everySpanTurnAt(state, protocol, state.lastRecordedAt + offsetMs);
            if (turn !== null) instants.push(turn - 1, turn, turn + 1);
            for (const now of instants) {
              const expected = everySpanTurnAt(state, protocol, now);
              expect(nextEvidenceTurnAt(state, protocol, now)).toBe(expected);
              if (expected !== null) turns += 1;
            }
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(turns).toBeGreaterThan(0);
  });
});
