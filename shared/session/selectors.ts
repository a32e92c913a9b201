import type { Reading, SessionState } from './state';

/**
 * The index of the first entry of an observedAt-ordered list observed at `at` or later, or with
 * `after`, later only (a binary search); the list's length when none is.
 */
export function firstObservedFrom(
  list: readonly { observedAt: number }[],
  at: number,
  after = false,
  /** Search only [lowest, highest): the caller knows the entries before are earlier and the one at `highest` is not. */
  lowest = 0,
  highest = list.length,
): number {
  let low = lowest;
  let high = highest;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const observedAt = list[middle]!.observedAt;
    if (observedAt > at || (!after && observedAt === at)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The index of the first entry of an observedAt-ordered list observed after `at` (the list's length when none is). */
export function firstObservedAfter(list: readonly { observedAt: number }[], at: number): number {
  return firstObservedFrom(list, at, true);
}

/**
 * Whether a reading is the staff's own: typed by a person, or a device sample a nurse or
 * prescriber confirmed as real. The rules treat it as deliberate; the baseline prefers it.
 */
export function isDeliberateReading(reading: Reading): boolean {
  return reading.recordedBy.kind !== 'device' || reading.confirmedBy !== undefined;
}

/**
 * The last reading at or before `cutoff` that `holds`, preferring one the staff took
 * (`isDeliberateReading`) over any monitor sample: the pre-dose baseline is the vital set the
 * nurse took before the dose (PRODUCT.md "Pre-dose"). A monitor's sample is the baseline only
 * when staff took none; a monitor sending for an hour before the dose, or a spike it sent
 * in the dose's second (HL7 times are whole seconds), must not move it. Readings are in
 * measurement order: the walk starts at the first one after the cutoff (a binary search) and
 * goes back only past device samples until a deliberate reading.
 */
export function lastPreferringDeliberate(
  readings: readonly Reading[],
  cutoff: number,
  holds: (reading: Reading) => boolean,
  /** `firstObservedAfter(readings, cutoff)`, when the caller already knows it (several vitals, one dose). */
  end = firstObservedAfter(readings, cutoff),
): Reading | null {
  let sample: Reading | null = null;
  for (let i = end - 1; i >= 0; i -= 1) {
    const reading = readings[i]!;
    if (reading.artifact || !holds(reading)) continue;
    if (isDeliberateReading(reading)) return reading;
    sample ??= reading;
  }
  return sample;
}

// States are immutable and several rules ask for the same state's baseline: found once per readings list.
const baselines = new WeakMap<readonly Reading[], { dosedAt: number | null; reading: Reading | null }>();

/**
 * The patient's own baseline: the last reading with a blood pressure measured at or before the
 * dose, not struck through as artifact, the staff's own before a monitor's
 * (`lastPreferringDeliberate`). Before the dose, the latest such reading so far (provisional).
 */
export function selectBaseline(state: Pick<SessionState, 'readings' | 'dosedAt'>): Reading | null {
  const known = baselines.get(state.readings);
  if (known !== undefined && known.dosedAt === state.dosedAt) return known.reading;
  const reading = lastPreferringDeliberate(
    state.readings,
    state.dosedAt ?? Number.POSITIVE_INFINITY,
    (candidate) => candidate.vitals.systolicMmHg !== undefined,
  );
  baselines.set(state.readings, { dosedAt: state.dosedAt, reading });
  return reading;
}

/** The most recently measured reading, or null. */
export function selectLatestReading(state: SessionState): Reading | null {
  return state.readings.at(-1) ?? null;
}

/** Minutes since the first dose at `now`, or null before dosing. */
export function minutesSinceDose(state: SessionState, now: number): number | null {
  return state.dosedAt === null ? null : (now - state.dosedAt) / 60_000;
}
