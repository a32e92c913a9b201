import { firstMeasuredFrom, READING_INTERVAL_MS } from './readingIntervals';
import type { Reading, SessionState } from './state';

/**
 * What a screen needs to draw a long monitored session, without its every raw sample. A bedside
 * monitor sending once a second gives 14,400 readings in 4 hours (a 5 MB snapshot); the chart
 * can show a few points per pixel column and the readings list shows busy intervals as one
 * summary row each. The server keeps and exports everything; a screen gets:
 * - every reading a person entered, every reading before the first dose (the baseline), every
 *   reading an alarm names, marked artifact or confirmed, and the last `DISPLAY_RAW_RECENT_MS`
 *   of readings as they are (the alarm tray and the latest values work from these);
 * - older device readings thinned per `DISPLAY_BUCKET_MS`: in each bucket its first and last
 *   reading and, for each vital, a reading with the lowest and one with the highest value (not
 *   marked artifact), so no extreme a clinician must see is lost and the lowest–highest of any
 *   interval made of whole buckets (the readings list's 5-minute rows) is exact;
 * - for each 5-minute interval that was thinned, how many device readings it really holds (and
 *   how many are unconfirmed or artifacts): the list says so and loads them when opened.
 */

/** Display setting: device readings this recent (before the session's last reading) are sent as they are. */
export const DISPLAY_RAW_RECENT_MS = 15 * 60_000;
/** Display setting: older device readings are thinned per bucket of this span (a divisor of READING_INTERVAL_MS). */
export const DISPLAY_BUCKET_MS = 60_000;

const RANGED = ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin', 'temperatureC'] as const;

/** One readings-list interval whose device readings were thinned: what it really holds. */
export interface ThinnedInterval {
  /** The interval's start, epoch ms (a multiple of READING_INTERVAL_MS). */
  from: number;
  /** Device readings stored in it. */
  readings: number;
  unconfirmed: number;
  artifacts: number;
}

export interface DisplayThinning {
  /** Readings the session holds, and how many the screen was sent. */
  totalReadings: number;
  sentReadings: number;
  /** The intervals with fewer readings sent than stored, oldest first. */
  intervals: ThinnedInterval[];
}

export interface DisplaySnapshot {
  state: SessionState;
  /** Null when nothing was left out (the snapshot is the whole state). */
  thinning: DisplayThinning | null;
}

function mustKeep(reading: Reading, named: ReadonlySet<string>, dosedAt: number, recentFrom: number): boolean {
  return (
    reading.recordedBy.kind !== 'device' ||
    reading.observedAt < dosedAt ||
    reading.observedAt >= recentFrom ||
    reading.artifact !== null ||
    reading.confirmedBy !== undefined ||
    named.has(reading.readingId)
  );
}

/** Indexes (into `readings`) of a bucket's first, last, and each vital's lowest and highest reading. */
function bucketKeepers(readings: readonly Reading[], indexes: number[], keep: Set<number>): void {
  keep.add(indexes[0]!);
  keep.add(indexes.at(-1)!);
  for (const key of RANGED) {
    let low = -1;
    let high = -1;
    for (const index of indexes) {
      const value = readings[index]!.vitals[key];
      if (value === undefined) continue;
      if (low === -1 || value < readings[low]!.vitals[key]!) low = index;
      if (high === -1 || value > readings[high]!.vitals[key]!) high = index;
    }
    if (low !== -1) keep.add(low);
    if (high !== -1) keep.add(high);
  }
}

/** The state a screen draws from: see the comment at the top. Pure; the state's readings are in measurement order. */
export function displaySnapshot(state: SessionState): DisplaySnapshot {
  const { readings } = state;
  const last = readings.at(-1);
  if (!last || state.dosedAt === null) return { state, thinning: null };
  const recentFrom = last.observedAt - DISPLAY_RAW_RECENT_MS;
  const named = new Set<string>();
  for (const alarm of state.alarms) if (alarm.readingId) named.add(alarm.readingId);

  const keep = new Set<number>();
  const buckets = new Map<number, number[]>();
  readings.forEach((reading, index) => {
    if (mustKeep(reading, named, state.dosedAt!, recentFrom)) {
      keep.add(index);
      return;
    }
    const bucket = Math.floor(reading.observedAt / DISPLAY_BUCKET_MS);
    const members = buckets.get(bucket);
    if (members) members.push(index);
    else buckets.set(bucket, [index]);
  });
  for (const members of buckets.values()) bucketKeepers(readings, members, keep);
  if (keep.size === readings.length) return { state, thinning: null };

  const intervals = new Map<number, ThinnedInterval & { sent: number }>();
  readings.forEach((reading, index) => {
    if (reading.recordedBy.kind !== 'device') return;
    const from = Math.floor(reading.observedAt / READING_INTERVAL_MS) * READING_INTERVAL_MS;
    const interval = intervals.get(from) ?? { from, readings: 0, unconfirmed: 0, artifacts: 0, sent: 0 };
    interval.readings += 1;
    if (reading.artifact) interval.artifacts += 1;
    else if (!reading.confirmedBy) interval.unconfirmed += 1;
    if (keep.has(index)) interval.sent += 1;
    intervals.set(from, interval);
  });
  const thinned = [...intervals.values()]
    .filter((interval) => interval.sent < interval.readings)
    .map(({ sent: _sent, ...interval }) => interval)
    .sort((a, b) => a.from - b.from);
  const sent = readings.filter((_reading, index) => keep.has(index));
  return {
    state: { ...state, readings: sent },
    thinning: { totalReadings: readings.length, sentReadings: sent.length, intervals: thinned },
  };
}

/** The readings of [from, to) in measurement order: what a thinned interval really holds. */
export function readingsBetween(readings: readonly Reading[], from: number, to: number): Reading[] {
  const found: Reading[] = [];
  for (let i = firstMeasuredFrom(readings, from); i < readings.length && readings[i]!.observedAt < to; i += 1) found.push(readings[i]!);
  return found;
}
