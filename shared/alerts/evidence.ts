import type { AlarmControls } from '../protocols/alarmControls';
import type { SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import type { ParameterValue } from './series';

/**
 * How far back the alarm rules look at a parameter's samples: enough for any persistence
 * setting (at most 20 samples, 600 s at one sample a second) and any artifact return window
 * of a streaming sensor. A breach that fills the whole tail has persisted by any setting.
 */
export const EVIDENCE_TAIL = 120;

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

/** The newest non-artifact values of a vital, oldest first, at most EVIDENCE_TAIL, unweighed. */
function tail(state: SessionState, parameter: VitalKey): (ParameterValue & { deliberate: boolean })[] {
  const values: (ParameterValue & { deliberate: boolean })[] = [];
  for (let index = state.readings.length - 1; index >= 0 && values.length < EVIDENCE_TAIL; index -= 1) {
    const reading = state.readings[index]!;
    const value = reading.vitals[parameter];
    if (reading.artifact || value === undefined) continue;
    values.push({
      value,
      observedAt: reading.observedAt,
      readingId: reading.readingId,
      deliberate: reading.recordedBy.kind !== 'device' || reading.confirmedBy !== undefined,
    });
  }
  return values.reverse();
}

/**
 * The recent values of a vital with each device sample judged against its neighbours
 * (CLINICAL.md "Alarm-fatigue controls": a sample that jumps physiologically implausibly from
 * its neighbours and back is the commonest false alarm). A run of device samples that all sit
 * at least `jump` away from the value before the run, followed within `returnWithinSeconds`
 * by a value back within half the jump, is `returned`; a run still open at the newest sample
 * is `pending`. Deliberate values are never suspect. Oldest first.
 */
export function weighedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): WeighedValue[] {
  const { jump, returnWithinSeconds } = controls.artifactJump[parameter];
  const values = tail(state, parameter);
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
    index = end + 1;
  }
  return weighed;
}

/** The values the rules use: every recent value but suspected artifacts that came back. */
export function trustedSeries(state: SessionState, parameter: VitalKey, controls: AlarmControls): WeighedValue[] {
  return weighedSeries(state, parameter, controls).filter((value) => value.suspect !== 'returned');
}

/**
 * Whether a condition shown by the newest of `series` may sound now (CLINICAL.md
 * "Alarm-fatigue controls": alarm delays; a value entered by a clinician needs none):
 * - a deliberate newest value: at once;
 * - device samples: once the newest run of samples for which `holds` is true has at least
 *   `samples` samples and has lasted `seconds` up to `now`, or a deliberate value holding
 *   came before the run;
 * - a run too short that got no newer sample for `maxWaitSeconds`: it sounds anyway, so an
 *   abnormal value nobody repeats never stays silent.
 * Returns false while the condition must wait ("checking").
 */
export function hasPersisted(
  series: readonly WeighedValue[],
  holds: (value: number) => boolean,
  persistence: AlarmControls['persistence'][VitalKey],
  now: number,
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
    if (index === 0 && series.length >= EVIDENCE_TAIL) return true;
  }
  // A jump that has held this long is a real change, not a blip: it sounds like any other.
  if (count >= persistence.samples && now - firstAt >= persistence.seconds * 1000) return true;
  return now - newest.observedAt >= persistence.maxWaitSeconds * 1000;
}
