import type { Reading } from './state';
import { firstObservedFrom } from './selectors';

/** An interval the screen got thinned (see displaySnapshot.ts): what it really holds. */
export interface StoredInterval {
  readings: number;
  unconfirmed: number;
  artifacts: number;
}

/**
 * The readings list of a long monitored session: a bedside monitor sending once a second gives
 * 14,400 readings in 4 hours, which nobody can read row by row. Device readings are grouped per
 * interval with each vital's lowest and highest value (the group opens to show every reading);
 * readings a person entered are always their own row.
 */

/** Display setting (clinic default): one summary row per 5 minutes of device readings. */
export const READING_INTERVAL_MS = 5 * 60_000;
/** Display setting (clinic default): an interval with no more device readings than this lists them one by one. */
export const SUMMARISE_ABOVE = 5;

export interface ValueRange {
  min: number;
  max: number;
}

export interface IntervalSummary {
  kind: 'interval';
  key: string;
  /** The interval's bounds, epoch ms (to is exclusive). */
  from: number;
  to: number;
  /** Its device readings on this screen, newest first (when `thinned`, only some of them). */
  readings: Reading[];
  /** Device readings stored in it. */
  count: number;
  /** The screen holds only some of its readings (the extremes): opening it loads them all. */
  thinned: boolean;
  deviceNames: string[];
  artifacts: number;
  unconfirmed: number;
  /** Over readings not marked artifact; absent when none carries the vital. */
  ranges: Partial<
    Record<'systolicMmHg' | 'diastolicMmHg' | 'heartRateBpm' | 'spo2Percent' | 'respiratoryRatePerMin' | 'temperatureC', ValueRange>
  >;
}

export type ReadingRow = { kind: 'reading'; reading: Reading } | IntervalSummary;

const NONE_THINNED: ReadonlyMap<number, StoredInterval> = new Map();

const RANGED = ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin', 'temperatureC'] as const;

function summarise(from: number, intervalMs: number, readings: Reading[], stored: StoredInterval | undefined): IntervalSummary {
  const ranges: IntervalSummary['ranges'] = {};
  let artifacts = 0;
  let unconfirmed = 0;
  const names = new Set<string>();
  for (const reading of readings) {
    names.add(reading.recordedBy.displayName);
    if (reading.artifact) {
      artifacts += 1;
      continue;
    }
    if (!reading.confirmedBy) unconfirmed += 1;
    for (const key of RANGED) {
      const value = reading.vitals[key];
      if (value === undefined) continue;
      const range = ranges[key];
      if (!range) ranges[key] = { min: value, max: value };
      else {
        range.min = Math.min(range.min, value);
        range.max = Math.max(range.max, value);
      }
    }
  }
  return {
    kind: 'interval',
    key: `interval-${from}`,
    from,
    to: from + intervalMs,
    readings,
    count: stored?.readings ?? readings.length,
    thinned: stored !== undefined,
    deviceNames: [...names],
    artifacts: stored?.artifacts ?? artifacts,
    unconfirmed: stored?.unconfirmed ?? unconfirmed,
    ranges,
  };
}

/**
 * `readings` in measurement order (as the session state keeps them). Returns the rows newest first:
 * each manual or system reading, and per interval either its few device readings or one summary.
 * `stored`, by interval start: the intervals this screen got thinned, always one summary row.
 */
export function readingRows(
  readings: readonly Reading[],
  intervalMs = READING_INTERVAL_MS,
  summariseAbove = SUMMARISE_ABOVE,
  stored: ReadonlyMap<number, StoredInterval> = NONE_THINNED,
): ReadingRow[] {
  const intervalOf = (reading: Reading) => Math.floor(reading.observedAt / intervalMs) * intervalMs;
  const byInterval = new Map<number, Reading[]>();
  for (let i = readings.length - 1; i >= 0; i -= 1) {
    const reading = readings[i]!;
    if (reading.recordedBy.kind !== 'device') continue;
    const from = intervalOf(reading);
    const group = byInterval.get(from);
    if (group) group.push(reading);
    else byInterval.set(from, [reading]);
  }
  const rows: ReadingRow[] = [];
  const summarised = new Set<number>();
  for (let i = readings.length - 1; i >= 0; i -= 1) {
    const reading = readings[i]!;
    const group = reading.recordedBy.kind === 'device' ? byInterval.get(intervalOf(reading)) : undefined;
    const from = intervalOf(reading);
    if (!group || (group.length <= summariseAbove && !stored.has(from))) {
      rows.push({ kind: 'reading', reading });
      continue;
    }
    // The summary sits where the interval's newest reading would; a manual reading inside it keeps its own place.
    if (summarised.has(from)) continue;
    summarised.add(from);
    rows.push(summarise(from, intervalMs, group, stored.get(from)));
  }
  return rows;
}

/** The index of the first of `readings` (in measurement order) measured at `at` or later; their length if none. */
export function firstMeasuredFrom(readings: readonly Reading[], at: number): number {
  return firstObservedFrom(readings, at);
}

/**
 * The readings added to `previous` to make `readings`, when that is all that changed: every
 * reading of `previous` is still there as the same object, and the new ones are measured no
 * earlier than its last. Null otherwise (an artifact mark or a confirmation replaces a reading
 * object; a reading measured before the last is inserted before it). The check is one pointer
 * comparison per reading (microseconds for a 4-hour session), far below anything it spares.
 */
export function appendedReadings(readings: readonly Reading[], previous: readonly Reading[]): readonly Reading[] | null {
  if (readings.length < previous.length) return null;
  for (let i = 0; i < previous.length; i += 1) if (readings[i] !== previous[i]) return null;
  const lastAt = previous.at(-1)?.observedAt ?? Number.NEGATIVE_INFINITY;
  if (readings.length > previous.length && readings[previous.length]!.observedAt < lastAt) return null;
  return readings.slice(previous.length);
}

/** The rows of a set of readings, kept to take the next readings cheaply (`nextReadingRows`). */
export interface ReadingRows {
  readings: readonly Reading[];
  stored: ReadonlyMap<number, StoredInterval>;
  rows: ReadingRow[];
}

const rowAt = (row: ReadingRow) => (row.kind === 'reading' ? row.reading.observedAt : row.from);

/**
 * `readingRows(readings)`, from the rows of the readings before it: when readings were only
 * appended, the intervals before the first new reading's interval are as they were, so only the
 * rows from that interval on are made again (a few hundred readings at most, not the session).
 */
export function nextReadingRows(
  readings: readonly Reading[],
  previous: ReadingRows | null,
  intervalMs = READING_INTERVAL_MS,
  summariseAbove = SUMMARISE_ABOVE,
  stored: ReadonlyMap<number, StoredInterval> = NONE_THINNED,
): ReadingRows {
  if (previous?.readings === readings && previous.stored === stored) return previous;
  const added = previous && previous.stored === stored ? appendedReadings(readings, previous.readings) : null;
  if (!previous || !added) return { readings, stored, rows: readingRows(readings, intervalMs, summariseAbove, stored) };
  if (added.length === 0) return { readings, stored, rows: previous.rows };
  const since = Math.floor(added[0]!.observedAt / intervalMs) * intervalMs;
  const fresh = readingRows(readings.slice(firstMeasuredFrom(readings, since)), intervalMs, summariseAbove, stored);
  // Rows are newest first: the earlier rows are the previous ones from before `since`.
  let kept = 0;
  while (kept < previous.rows.length && rowAt(previous.rows[kept]!) >= since) kept += 1;
  return { readings, stored, rows: [...fresh, ...previous.rows.slice(kept)] };
}
