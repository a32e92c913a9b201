import { firstObservedAfter } from '../session/selectors';
import type { Reading, SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import { latestValue } from '../alerts/series';

/**
 * A reading struck through as artifact (cuff moved, probe off) stays in the record but never
 * counts as the patient's state.
 */
export function isArtifact(reading: Reading): boolean {
  return Boolean(reading.artifact);
}

/**
 * The pre-dose baseline value of one parameter: the last non-artifact value at or before the
 * dose. A device may send heart rate in a reading of its own, so each parameter is looked up
 * on its own.
 */
export function baselineValue(state: SessionState, key: VitalKey): number | null {
  const { dosedAt, readings } = state;
  if (dosedAt === null) return null;
  // Readings are in measurement order: find the first one after the dose, then look back from
  // there (the readiness rules ask on every evaluation; a monitor may have streamed for an hour
  // before the dose).
  for (let index = firstObservedAfter(readings, dosedAt) - 1; index >= 0; index -= 1) {
    const reading = readings[index]!;
    const value = reading.vitals[key];
    if (!isArtifact(reading) && value !== undefined) return value;
  }
  return null;
}

/** The latest non-artifact value of one parameter measured after the first dose, with its time. */
export function latestAfterDose(state: SessionState, key: VitalKey): { value: number; observedAt: number } | null {
  const latest = latestValue(state, key);
  return state.dosedAt === null || latest === null || latest.observedAt <= state.dosedAt ? null : latest;
}
