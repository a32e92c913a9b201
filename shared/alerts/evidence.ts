import type { AlarmControls, ArtifactJump, Persistence } from '../protocols/alarmControls';
import { recentWindowOf, type TailValue } from '../session/recentTails';
import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
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

/** Recent values with how each was weighed, oldest first; `truncated` when older values of the parameter were left out. */
export type WeighedSeries = WeighedValue[] & { truncated: boolean };

/** One value as the rules read it: its number, its time and source, and whether a person stands behind it. */
export type RuleValue = ParameterValue & { deliberate: boolean };

/**
 * The values the rules use (`trustedSeries`): every recent value but suspected artifacts that
 * came back, oldest first. The newest recent value is never `returned` (nothing came after it),
 * so the newest trusted value is the newest recent value.
 */
export interface Evidence {
  values: readonly RuleValue[];
  /** The newest value jumped and nothing newer shows yet whether it comes back (`suspect: 'pending'`). */
  newestPending: boolean;
  /** Older values of the parameter were left out. */
  truncated: boolean;
}

const SUSPECTS = ['none', 'pending', 'returned'] as const;
const PENDING = 1;
const RETURNED = 2;

/** One vital's recent values weighed: the window onto its tail, each value's suspicion and what the rules trust. */
interface Weighing {
  from: number;
  truncated: boolean;
  /** Index into SUSPECTS of `tail[from + i]`; null when nothing is suspect (the usual case). */
  suspects: Uint8Array | null;
  trusted: Evidence;
}

// The weighing of a tail depends only on the tail (an immutable array the rule index carries
// from state to state, replaced only when its values change), where the window cuts it and the
// vital's artifact controls. Keyed by the tail rather than the state: the states the planner's
// own events make (alarm raised, cleared...), and every reading that leaves a vital out (a
// temperature taken once a minute), share the weighing; no value is copied into a new object.
const weighings = new WeakMap<readonly TailValue[], WeakMap<ArtifactJump, Weighing>>();

function weighingOf(state: SessionState, parameter: VitalKey, controls: AlarmControls): Weighing {
  const tail = ruleIndexOf(state).recent[parameter];
  const { from, truncated } = recentWindowOf(tail, state.lastRecordedAt);
  const jump = controls.artifactJump[parameter];
  let byJump = weighings.get(tail);
  if (byJump === undefined) {
    byJump = new WeakMap();
    weighings.set(tail, byJump);
  }
  const known = byJump.get(jump);
  if (known !== undefined && known.from === from && known.truncated === truncated) return known;
  const weighing = weigh(tail, from, truncated, jump);
  byJump.set(jump, weighing);
  return weighing;
}

/**
 * The recent values (`tail[from..]`) judged against their neighbours (CLINICAL.md "Alarm-fatigue
 * controls": a sample that jumps physiologically implausibly from its neighbours and back is
 * the commonest false alarm). A run of device samples that all sit at least `jump` away from
 * the value before the run, followed within `returnWithinSeconds` by a value back within half
 * the jump, is `returned`; a run still open at the newest sample is `pending`. Deliberate
 * values are never suspect. Each sample after a run was judged against the value before the
 * run, so the next run may start only after it.
 */
function weigh(tail: readonly TailValue[], from: number, truncated: boolean, { jump, returnWithinSeconds }: ArtifactJump): Weighing {
  const length = tail.length - from;
  let suspects: Uint8Array | null = null;
  let returned = false;
  let index = 1;
  while (index < length) {
    const anchor = tail[from + index - 1]!;
    const start = tail[from + index]!;
    if (start.deliberate || Math.abs(start.value - anchor.value) < jump) {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < length) {
      const next = tail[from + end + 1]!;
      if (next.deliberate || Math.abs(next.value - anchor.value) < jump) break;
      end += 1;
    }
    const after = end + 1 < length ? tail[from + end + 1]! : undefined;
    if (after === undefined) {
      suspects ??= new Uint8Array(length);
      suspects.fill(PENDING, index, end + 1);
    } else if (Math.abs(after.value - anchor.value) < jump / 2 && after.observedAt - start.observedAt <= returnWithinSeconds * 1000) {
      suspects ??= new Uint8Array(length);
      suspects.fill(RETURNED, index, end + 1);
      returned = true;
    }
    index = end + 2;
  }
  const recent = from === 0 ? tail : tail.slice(from);
  const values = returned ? recent.filter((_, at) => suspects![at] !== RETURNED) : recent;
  const newestPending = suspects !== null && suspects[length - 1] === PENDING;
  return { from, truncated, suspects, trusted: { values, newestPending, truncated } };
}

/**
 * The recent values of a vital with each device sample judged against its neighbours (`weigh`):
 * the recent non-artifact values of the vital, read from the tail the rule index keeps
 * (session/recentTails.ts `recentWindowOf`: the readings recorded in the last
 * EVIDENCE_WINDOW_MS of server time, at most EVIDENCE_TAIL values). Oldest first. A copy for
 * the tray of suspected artifacts (suspects.ts) and for tests; the rules read `trustedSeries`.
 */
export function weighedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): WeighedSeries {
  const tail = ruleIndexOf(state).recent[parameter];
  const { from, truncated, suspects } = weighingOf(state, parameter, controls);
  const weighed = tail.slice(from).map(({ value, observedAt, readingId, deliberate }, at): WeighedValue => ({
    value,
    observedAt,
    readingId,
    deliberate,
    suspect: SUSPECTS[suspects === null ? 0 : suspects[at]!]!,
  }));
  return Object.assign(weighed, { truncated });
}

/** The values the rules use: every recent value but suspected artifacts that came back (see `Evidence`). */
export function trustedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): Evidence {
  return weighingOf(state, parameter, controls).trusted;
}

/**
 * Whether a condition shown by the newest of `series` may sound now (CLINICAL.md
 * "Alarm-fatigue controls": alarm delays; a value entered by a clinician needs none):
 * - a deliberate newest value: at once;
 * - device samples: once the newest run of samples for which `holds` is true has at least
 *   `samples` samples and has lasted `seconds` up to `now`, or a deliberate value holding
 *   came before the run;
 * - a run that is a jump not yet back (`pending`) waits at least the jump's return window
 *   (`jump`), since a physiologically implausible step is more likely a probe or a cuff,
 *   unless the run holds steady (two or more samples, all within half the jump of each other);
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
  const { values } = series;
  const newest = values.at(-1);
  if (newest === undefined) return false;
  if (newest.deliberate) return true;
  let count = 0;
  let firstAt = newest.observedAt;
  let lowest = newest.value;
  let highest = newest.value;
  for (let index = values.length - 1; index >= 0; index -= 1) {
    const value = values[index]!;
    if (!holds(value.value)) break;
    if (value.deliberate) return true;
    count += 1;
    firstAt = value.observedAt;
    lowest = Math.min(lowest, value.value);
    highest = Math.max(highest, value.value);
    if (index === 0 && series.truncated) return true;
  }
  // A jump still away from where it started is held for its return window first: if it has
  // not come back by then it is a real change (or a probe that stays off), and it sounds.
  // Unless the run holds steady: its samples (two or more) all within half a jump of each other.
  // A probe coming off or moving gives wild values; a real fall or rise (a desaturation to 88,
  // a pulse at 140) holds, and sounds after the parameter's own persistence, not a minute later.
  const steady = count >= Math.max(persistence.samples, 2) && jump !== undefined && highest - lowest <= jump.jump / 2;
  const seconds =
    series.newestPending && jump !== undefined && !steady ? Math.max(persistence.seconds, jump.returnWithinSeconds) : persistence.seconds;
  if (count >= persistence.samples && now - firstAt >= seconds * 1000) return true;
  return now - newest.observedAt >= persistence.maxWaitSeconds * 1000;
}
