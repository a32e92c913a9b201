import { firstObservedAfter, lastPreferringDeliberate } from '../session/selectors';
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
 * Baselines found for a readings list (states are immutable: a new reading makes a new list).
 * The discharge items and scores ask for the same baselines several times per evaluation, on
 * every commit: one search for the dose among the readings, one short walk back per vital.
 */
const baselines = new WeakMap<readonly Reading[], { dosedAt: number; end: number; values: Partial<Record<VitalKey, number | null>> }>();

/**
 * The pre-dose baseline value of one parameter: the last non-artifact value at or before the
 * dose, the staff's own before a monitor's (`lastPreferringDeliberate`). A device may send heart
 * rate in a reading of its own, so each parameter is looked up on its own.
 */
export function baselineValue(state: SessionState, key: VitalKey): number | null {
  const { dosedAt, readings } = state;
  if (dosedAt === null) return null;
  let known = baselines.get(readings);
  if (known === undefined || known.dosedAt !== dosedAt) {
    known = { dosedAt, end: firstObservedAfter(readings, dosedAt), values: {} };
    baselines.set(readings, known);
  }
  let value = known.values[key];
  if (value === undefined) {
    value = lastPreferringDeliberate(readings, dosedAt, (reading) => reading.vitals[key] !== undefined, known.end)?.vitals[key] ?? null;
    known.values[key] = value;
  }
  return value;
}

/** The latest non-artifact value of one parameter measured after the first dose, with its time. */
export function latestAfterDose(state: SessionState, key: VitalKey): { value: number; observedAt: number } | null {
  const latest = latestValue(state, key);
  return state.dosedAt === null || latest === null || latest.observedAt <= state.dosedAt ? null : latest;
}
