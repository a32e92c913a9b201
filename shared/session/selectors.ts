import type { Reading, SessionState } from './state';

/** The index of the first entry of an observedAt-ordered list observed after `at` (the list's length when none is). */
export function firstObservedAfter(list: readonly { observedAt: number }[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.observedAt > at) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The patient's own baseline: the last non-artifact reading with a blood pressure measured
 * at or before the dose. Before the dose, the latest such reading so far (provisional).
 */
export function selectBaseline(state: Pick<SessionState, 'readings' | 'dosedAt'>): Reading | null {
  const cutoff = state.dosedAt ?? Number.POSITIVE_INFINITY;
  const readings = state.readings;
  // Readings are in measurement order: find the first one after the cutoff, then look back from
  // there, so a long session's page finds its baseline without walking every reading.
  for (let i = firstObservedAfter(readings, cutoff) - 1; i >= 0; i -= 1) {
    const reading = readings[i]!;
    if (!reading.artifact && reading.vitals.systolicMmHg !== undefined) return reading;
  }
  return null;
}

/** The most recently measured reading, or null. */
export function selectLatestReading(state: SessionState): Reading | null {
  return state.readings.at(-1) ?? null;
}

/** Minutes since the first dose at `now`, or null before dosing. */
export function minutesSinceDose(state: SessionState, now: number): number | null {
  return state.dosedAt === null ? null : (now - state.dosedAt) / 60_000;
}
