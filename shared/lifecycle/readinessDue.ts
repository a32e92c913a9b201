import { latestValue } from '../alerts/series';
import { isMonitoredPhase } from '../session/phases';
import type { SessionState } from '../session/state';
import { VITAL_KEYS } from '../vitals/plausibility';
import type { DischargeRules } from './discharge';
import { countingCourse, doseCourses, minimumEndsAt } from './doses';

const MINUTE = 60_000;

/**
 * The earliest instant after `now`, in whole milliseconds, from which discharge readiness may
 * change with no new event (`evaluateDischarge`'s use of `now`): the end of the minimum
 * observation, the legal floor from the first device, and the moment the latest value of a
 * vital becomes too old to count (`recentReadingMinutes`: the recent blood pressure item, the
 * vitals-near-baseline item and the scores' record items). Null when nothing waits on time. An instant that turns nothing
 * only costs an evaluation (test/shared/alerts/incremental.test.ts checks none is missing).
 */
export function nextReadinessDueAt(state: SessionState, rules: DischargeRules, now: number): number | null {
  if (!isMonitoredPhase(state.phase)) return null;
  let next = Number.POSITIVE_INFINITY;
  const consider = (instant: number) => {
    if (instant > now && instant < next) next = instant;
  };
  const courses = doseCourses(state, rules);
  const counting = countingCourse(courses);
  if (counting !== null) consider(Math.ceil(minimumEndsAt(counting)));
  const first = courses[0];
  if (rules.regulatoryFloor !== null && first !== undefined) consider(Math.ceil(first.startedAt + rules.regulatoryFloor.minutes * MINUTE));
  for (const key of VITAL_KEYS) {
    const latest = latestValue(state, key);
    // `now - observedAt <= window` holds through its last millisecond and fails one after.
    if (latest !== null) consider(Math.floor(latest.observedAt + rules.recentReadingMinutes * MINUTE) + 1);
  }
  return Number.isFinite(next) ? next : null;
}
