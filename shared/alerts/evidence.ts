import type { AlarmControls, ArtifactJump, Persistence } from '../protocols/alarmControls';
import { recentValuesOf } from '../session/recentTails';
import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import { VITAL_KEYS, type VitalKey } from '../vitals/plausibility';
import type { ParameterValue } from './series';

// The window and the tail are kept with the session's readings (session/recentTails.ts).
export { EVIDENCE_TAIL, EVIDENCE_WINDOW_MS } from '../session/recentTails';

/** One value as the alarm rules weigh it. */
export interface WeighedValue extends ParameterValue {
  /** Typed by a person, or a device sample a person confirmed as real: alarms at once. */
  deliberate: boolean;
  /**
   * `returned`: a device sample that jumped from the value before it and came back (a
   * suspected artifact: the rules skip it). `pending`: the newest sample jumped and nothing
   * newer shows yet whether it comes back. `none` otherwise.
   */
  suspect: 'none' | 'pending' | 'returned';
}

/** Recent values, oldest first; `truncated` when older values of the parameter were left out. */
export type Evidence = WeighedValue[] & { truncated: boolean };

type Unweighed = ParameterValue & { deliberate: boolean };

/**
 * The recent non-artifact values of every vital: the readings recorded in the last
 * EVIDENCE_WINDOW_MS of server time (`recordedAt` grows with the log), walking back in record
 * order from the newest, at most EVIDENCE_TAIL values per vital. `truncated`: the parameter
 * filled its EVIDENCE_TAIL and older values were left out. A window that ends is no
 * truncation: it is longer than any persistence time. Read from the tails the rule index
 * keeps, so a 4-hour session, a back-filled one or a vital never measured costs the same as a
 * fresh session (test/shared/alerts/recentTails.test.ts checks them against the walk).
 */
function recentValues(state: SessionState): Map<VitalKey, { values: Unweighed[]; truncated: boolean }> {
  const { recent } = ruleIndexOf(state);
  return new Map(VITAL_KEYS.map((key) => [key, recentValuesOf(recent[key], state.lastRecordedAt)]));
}

// States are immutable: the weighed series of one state and protocol are computed once and
// shared by every rule that asks (limits, rise, NEWS2, the tray's suspected artifacts).
const cache = new WeakMap<SessionState, WeakMap<AlarmControls, Map<VitalKey, Evidence>>>();

/**
 * The recent values of a vital with each device sample judged against its neighbours
 * (CLINICAL.md "Alarm-fatigue controls": a sample that jumps physiologically implausibly from
 * its neighbours and back is the commonest false alarm). A run of device samples that all sit
 * at least `jump` away from the value before the run, followed within `returnWithinSeconds`
 * by a value back within half the jump, is `returned`; a run still open at the newest sample
 * is `pending`. Deliberate values are never suspect. Oldest first.
 */
export function weighedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): Evidence {
  let byControls = cache.get(state);
  if (byControls === undefined) {
    byControls = new WeakMap();
    cache.set(state, byControls);
  }
  let byVital = byControls.get(controls);
  if (byVital === undefined) {
    byVital = new Map();
    for (const [key, recent] of recentValues(state)) byVital.set(key, weigh(recent.values, recent.truncated, controls.artifactJump[key]));
    byControls.set(controls, byVital);
  }
  return byVital.get(parameter)!;
}

function weigh(values: Unweighed[], truncated: boolean, { jump, returnWithinSeconds }: ArtifactJump): Evidence {
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
    // The sample after the run was judged against the value before it: go on after it.
    index = end + 2;
  }
  return Object.assign(weighed, { truncated });
}

/** The values the rules use: every recent value but suspected artifacts that came back. */
export function trustedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): Evidence {
  const weighed = weighedSeries(state, parameter, controls);
  return Object.assign(
    weighed.filter((value) => value.suspect !== 'returned'),
    { truncated: weighed.truncated },
  );
}

/**
 * Whether a condition shown by the newest of `series` may sound now (CLINICAL.md
 * "Alarm-fatigue controls": alarm delays; a value entered by a clinician needs none):
 * - a deliberate newest value: at once;
 * - device samples: once the newest run of samples for which `holds` is true has at least
 *   `samples` samples and has lasted `seconds` up to `now`, or a deliberate value holding
 *   came before the run;
 * - a run that is a jump not yet back (`pending`) waits at least the jump's return window
 *   (`jump`), since a physiologically implausible step is more likely a probe or a cuff;
 * - a run too short that got no newer sample for `maxWaitSeconds`: it sounds anyway, so an
 *   abnormal value nobody repeats never stays silent.
 * Returns false while the condition must wait ("checking").
 */
export function hasPersisted(
  series: Evidence,
  holds: (value: number) => boolean,
  persistence: Persistence,
  now: number,
  jump?: ArtifactJump,
): boolean {
  const newest = series.at(-1);
  if (newest === undefined) return false;
  if (newest.deliberate) return true;
  let count = 0;
  let firstAt = newest.observedAt;
  for (let index = series.length - 1; index >= 0; index -= 1) {
    const value = series[index]!;
    if (!holds(value.value)) break;
    if (value.deliberate) return true;
    count += 1;
    firstAt = value.observedAt;
    if (index === 0 && series.truncated) return true;
  }
  // A jump still away from where it started is held for its return window first: if it has
  // not come back by then it is a real change (or a probe that stays off), and it sounds.
  const seconds =
    newest.suspect === 'pending' && jump !== undefined ? Math.max(persistence.seconds, jump.returnWithinSeconds) : persistence.seconds;
  if (count >= persistence.samples && now - firstAt >= seconds * 1000) return true;
  return now - newest.observedAt >= persistence.maxWaitSeconds * 1000;
}
