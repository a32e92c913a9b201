import type { Reading, SessionState } from './state';

/**
 * The patient's own baseline: the last non-artifact reading with a blood pressure measured
 * at or before the dose. Before the dose, the latest such reading so far (provisional).
 */
export function selectBaseline(state: SessionState): Reading | null {
  const cutoff = state.dosedAt ?? Number.POSITIVE_INFINITY;
  let baseline: Reading | null = null;
  for (const reading of state.readings) {
    if (reading.observedAt > cutoff) break;
    if (!reading.artifact && reading.vitals.systolicMmHg !== undefined) baseline = reading;
  }
  return baseline;
}

/** The most recently measured reading, or null. */
export function selectLatestReading(state: SessionState): Reading | null {
  return state.readings.at(-1) ?? null;
}

/** Minutes since the first dose at `now`, or null before dosing. */
export function minutesSinceDose(state: SessionState, now: number): number | null {
  return state.dosedAt === null ? null : (now - state.dosedAt) / 60_000;
}
