import type { SessionEvent, SessionEventOf } from './events';
import type { Reading } from './state';
import { VITAL_KEYS, type VitalKey } from '../vitals/plausibility';
import { isDeliberateReading } from './selectors';

/**
 * How far back the alarm rules look at a parameter's samples: the readings recorded in the
 * last 15 minutes (server time), at most EVIDENCE_TAIL values per parameter. Enough for any
 * persistence time (at most 600 s) and artifact return window (at most 900 s); bounded so a
 * 4-hour session streaming a sample a second costs the same as a fresh one.
 */
export const EVIDENCE_WINDOW_MS = 15 * 60_000;
export const EVIDENCE_TAIL = 120;
/** Values kept per vital: the tail, and one more to tell whether the window holds older ones (`truncated`). */
const KEPT = EVIDENCE_TAIL + 1;

/** One value of a vital as the alarm rules weigh it, with where the window may cut it off. */
export interface TailValue {
  value: number;
  observedAt: number;
  seq: number;
  readingId: string;
  /** Typed by a person, or a device sample a person confirmed. */
  deliberate: boolean;
  /**
   * The earliest server time (`recordedAt`) of its reading and of every reading after it in
   * record order, artifacts included: the window's walk back from the newest reading stops at
   * the first reading recorded before the window, so this value is in the window exactly when
   * this time is.
   */
  windowFrom: number;
}

/**
 * The last KEPT non-artifact values of each vital in record order (observedAt, then seq), oldest
 * first: what the alarm rules read instead of walking the record (`recentWindowOf`). Kept one
 * event at a time (`stepRecentTails`), equal to `buildRecentTails` of the record
 * (test/shared/alerts/recentTails.test.ts checks both against the walk they replace).
 */
export type RecentTails = Readonly<Record<VitalKey, readonly TailValue[]>>;

/** The tails of `keys` from the record, walking back from the newest reading until each has KEPT values. */
function tailsFromRecord(readings: readonly Reading[], keys: readonly VitalKey[]): Map<VitalKey, TailValue[]> {
  const tails = new Map<VitalKey, TailValue[]>(keys.map((key) => [key, []]));
  let open = [...keys];
  let windowFrom = Number.POSITIVE_INFINITY;
  for (let index = readings.length - 1; index >= 0 && open.length > 0; index -= 1) {
    const reading = readings[index]!;
    windowFrom = Math.min(windowFrom, reading.recordedAt);
    if (reading.artifact) continue;
    let full = false;
    for (const key of open) {
      const value = reading.vitals[key];
      if (value === undefined) continue;
      const tail = tails.get(key)!;
      tail.push({
        value,
        observedAt: reading.observedAt,
        seq: reading.seq,
        readingId: reading.readingId,
        deliberate: isDeliberateReading(reading),
        windowFrom,
      });
      if (tail.length === KEPT) full = true;
    }
    if (full) open = open.filter((key) => tails.get(key)!.length < KEPT);
  }
  for (const tail of tails.values()) tail.reverse();
  return tails;
}

/** The tails of a whole record, from scratch (a vital never measured walks it all, once). */
export function buildRecentTails(readings: readonly Reading[]): RecentTails {
  return Object.fromEntries(tailsFromRecord(readings, VITAL_KEYS)) as Record<VitalKey, TailValue[]>;
}

/** A new reading at its place in the record: O(KEPT) per vital, and a walk over the readings recorded after it only when it came late. */
function withReading(tails: RecentTails, event: SessionEventOf<'vitals.recorded'>, readings: readonly Reading[]): RecentTails {
  const { seq, observedAt, recordedAt } = event;
  // Its own window time: the earliest of it and of the readings after it (none when it is the newest).
  let windowFrom = recordedAt;
  for (let index = readings.length - 1; index >= 0 && readings[index]!.seq !== seq; index -= 1) {
    windowFrom = Math.min(windowFrom, readings[index]!.recordedAt);
  }
  const deliberate = event.actor.kind !== 'device';
  let next: Record<VitalKey, readonly TailValue[]> | null = null;
  for (const key of VITAL_KEYS) {
    const tail = tails[key];
    let changed: TailValue[] | null = null;
    // Values before it in record order (at or before its observedAt: its seq is the highest) now
    // also have its time after them. Their times do not decrease towards the newest: stop at the
    // first one already at or before it (with a clock that only moves forward, the newest before it).
    let place = tail.length;
    while (place > 0 && tail[place - 1]!.observedAt > observedAt) place -= 1;
    for (let index = place - 1; index >= 0 && tail[index]!.windowFrom > recordedAt; index -= 1) {
      changed ??= [...tail];
      changed[index] = { ...tail[index]!, windowFrom: recordedAt };
    }
    const value = event.payload.vitals[key];
    // A value older than every kept one of a full tail is not among the last KEPT.
    if (value !== undefined && (place > 0 || tail.length < KEPT)) {
      changed ??= [...tail];
      changed.splice(place, 0, { value, observedAt, seq, readingId: event.payload.readingId, deliberate, windowFrom });
      if (changed.length > KEPT) changed.shift();
    }
    if (changed !== null) {
      next ??= { ...tails };
      next[key] = changed;
    }
  }
  return next ?? tails;
}

/**
 * The tails after one event that changed the readings, from the tails before it and the
 * readings after it. Pure. A reading is placed in O(KEPT); a mark as artifact re-reads from
 * the record only the vitals whose tail held the struck reading (a person's rare act); a
 * confirmation makes that reading's values deliberate. Anything else: rebuilt from the record.
 */
export function stepRecentTails(tails: RecentTails, event: SessionEvent, readings: readonly Reading[]): RecentTails {
  if (event.type === 'vitals.recorded') return withReading(tails, event, readings);
  if (event.type === 'reading.artifactMarked' || event.type === 'reading.confirmed') {
    const { readingId } = event.payload;
    const holding = VITAL_KEYS.filter((key) => tails[key].some((value) => value.readingId === readingId));
    if (holding.length === 0) return tails;
    const next: Record<VitalKey, readonly TailValue[]> = { ...tails };
    if (event.type === 'reading.artifactMarked') {
      for (const [key, tail] of tailsFromRecord(readings, holding)) next[key] = tail;
    } else {
      for (const key of holding)
        next[key] = tails[key].map((value) => (value.readingId === readingId ? { ...value, deliberate: true } : value));
    }
    return next;
  }
  return buildRecentTails(readings);
}

/** A vital's recent values as the rules read them: oldest first; `truncated` when the window holds older values than the tail. */
export interface RecentValues {
  values: { value: number; observedAt: number; readingId: string; deliberate: boolean }[];
  truncated: boolean;
}

/** Where the evidence window cuts a vital's tail: its recent values are `tail[from..]`. */
export interface RecentWindow {
  from: number;
  /** The window holds older values than the tail keeps (they were left out). */
  truncated: boolean;
}

/**
 * Which of a vital's kept values are recent: those of its readings recorded in the window that
 * ends at `lastRecordedAt` (walking back in record order from the newest reading, up to the
 * first reading recorded before the window), at most EVIDENCE_TAIL of them. No copy: the rules
 * read them in place (shared/alerts/evidence.ts). O(log EVIDENCE_TAIL).
 */
export function recentWindowOf(tail: readonly TailValue[], lastRecordedAt: number): RecentWindow {
  const since = lastRecordedAt - EVIDENCE_WINDOW_MS;
  // `windowFrom` never decreases along the tail (each is the earliest of its own time and of
  // every later one): the values in the window are a suffix, found by a binary search.
  let first = 0;
  let past = tail.length;
  while (first < past) {
    const middle = (first + past) >>> 1;
    if (tail[middle]!.windowFrom >= since) past = middle;
    else first = middle + 1;
  }
  const truncated = tail.length - first > EVIDENCE_TAIL;
  return { from: truncated ? first + 1 : first, truncated };
}

/** The recent non-artifact values of one vital (`recentWindowOf`), copied out: oldest first. */
export function recentValuesOf(tail: readonly TailValue[], lastRecordedAt: number): RecentValues {
  const { from, truncated } = recentWindowOf(tail, lastRecordedAt);
  const values = tail.slice(from).map(({ value, observedAt, readingId, deliberate }) => ({ value, observedAt, readingId, deliberate }));
  return { values, truncated };
}
