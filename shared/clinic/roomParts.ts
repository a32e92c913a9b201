import { alarmHeadline } from '../alerts/format';
import { activeAlarms, alarmsNeedingSound, escalatedAlarms } from '../alerts/selectors';
import { latestValue } from '../alerts/series';
import { PRIORITY_RANK, type AlarmPriority, type AlarmRecord, type AlarmStatus } from '../alerts/types';
import { isArtifact } from '../lifecycle/baseline';
import { CADSS6_MAX_TOTAL, dissociationScore } from '../lifecycle/scales';
import type { DissociationScale } from '../lifecycle/config';
import { firstMeasuredFrom } from '../session/readingIntervals';
import { firstObservedFrom } from '../session/selectors';
import { ruleIndexOf } from '../session/ruleIndex';
import type { Reading, SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';

/**
 * The pieces of a room summary, each a pure selection from the session state (the same
 * selectors the session page uses). Kept apart from rooms.ts so each stays small.
 */

/**
 * How far back a tile's trend reaches: the last hour, long enough for the prescriber to see a
 * dose's rise and its way back. A display choice for the board, not a clinical threshold.
 */
export const ROOM_TREND_WINDOW_MS = 60 * 60_000;

/**
 * A tile draws at most one point per this much measurement time (buckets aligned to the
 * epoch): a monitor's sample a second and a nurse's check every 5 minutes both fit the hour in
 * a few dozen points, small on the wire.
 */
export const ROOM_TREND_BUCKET_MS = 2 * 60_000;

/** The most points a tile's trend has: one per bucket of the window. */
export const ROOM_TREND_POINTS = ROOM_TREND_WINDOW_MS / ROOM_TREND_BUCKET_MS;

/** Who took a value: a bedside monitor (or gateway), or a person who entered it. */
export type MeasuredBy = 'device' | 'person';

export interface MeasuredValue {
  value: number;
  observedAt: number;
  by: MeasuredBy;
}

export interface MeasuredPressure {
  systolicMmHg: number;
  diastolicMmHg: number;
  observedAt: number;
  by: MeasuredBy;
}

/**
 * One point of a tile's trend line, as a tuple: a summary carries up to ROOM_TREND_POINTS of
 * them to every board whenever the trend changes, and field names would be most of its bytes.
 */
export type RoomTrendPoint = readonly [
  observedAt: number,
  systolicMmHg: number | null,
  diastolicMmHg: number | null,
  heartRateBpm: number | null,
];

export interface RoomAlarm {
  alarmId: string;
  priority: AlarmPriority;
  status: AlarmStatus;
  message: string;
  /** What it is about, in a few words: "SpO2 88%" (shared/alerts/format.ts `alarmHeadline`). Optional: older cached summaries lack it. */
  headline?: string;
  acknowledged: boolean;
  escalated: boolean;
  raisedAt: number;
}

export interface RoomScore {
  score: number;
  observedAt: number;
}

export interface RoomDissociation extends RoomScore {
  scale: DissociationScale;
  /** The top of the scale (24 for CADSS-6, 10 for the 0-10 rating). */
  maxScore: number;
}

/**
 * The latest non-artifact value of one vital sign, at any time in the session. From the rule
 * index (session/ruleIndex.ts), as the next one: a summary is made on every commit, and a vital
 * measured long ago (a pressure taken only before the dose, in a pulse oximeter's session) must
 * not cost a walk back over every reading since.
 */
export function latestMeasured(state: SessionState, key: VitalKey): MeasuredValue | null {
  const latest = ruleIndexOf(state).latest[key];
  return latest === undefined ? null : { value: latest.value, observedAt: latest.observedAt, by: latest.byDevice ? 'device' : 'person' };
}

/** The latest non-artifact blood pressure (both values come from one measurement). */
export function latestPressure(state: SessionState): MeasuredPressure | null {
  const pressure = ruleIndexOf(state).pressure;
  if (pressure === null) return null;
  const { systolicMmHg, diastolicMmHg, observedAt, byDevice } = pressure;
  return { systolicMmHg, diastolicMmHg, observedAt, by: byDevice ? 'device' : 'person' };
}

function hasTrendValue(reading: Reading): boolean {
  const { systolicMmHg, diastolicMmHg, heartRateBpm } = reading.vitals;
  return systolicMmHg !== undefined || diastolicMmHg !== undefined || heartRateBpm !== undefined;
}

const bucketStartOf = (at: number) => Math.floor(at / ROOM_TREND_BUCKET_MS) * ROOM_TREND_BUCKET_MS;

/**
 * A tile's trend: the last hour (ROOM_TREND_WINDOW_MS up to the state's last server time, or
 * its newest reading if a monitor's clock runs ahead), one point per ROOM_TREND_BUCKET_MS of
 * `observedAt`, oldest first. Each point is its bucket's FIRST non-artifact reading with a
 * pressure or a heart rate, so the points stay put while the current bucket fills (the boards
 * are sent the trend only when it changes). A summary is built after every commit: readings
 * are in measurement order, so each bucket is found by a binary search rather than a walk over
 * the hour's 3,600 monitor samples.
 */
export function trendPoints(state: Pick<SessionState, 'readings' | 'lastRecordedAt'>): RoomTrendPoint[] {
  const { readings } = state;
  const newest = readings.at(-1);
  if (newest === undefined) return [];
  const newestBucketStart = bucketStartOf(Math.max(state.lastRecordedAt, newest.observedAt));
  const points: RoomTrendPoint[] = [];
  let index = firstMeasuredFrom(readings, newestBucketStart - (ROOM_TREND_POINTS - 1) * ROOM_TREND_BUCKET_MS);
  while (index < readings.length) {
    const reading = readings[index]!;
    if (isArtifact(reading) || !hasTrendValue(reading)) {
      index += 1;
      continue;
    }
    const { systolicMmHg, diastolicMmHg, heartRateBpm } = reading.vitals;
    points.push([reading.observedAt, systolicMmHg ?? null, diastolicMmHg ?? null, heartRateBpm ?? null]);
    index = firstMeasuredOnward(readings, index, bucketStartOf(reading.observedAt) + ROOM_TREND_BUCKET_MS);
  }
  return points;
}

/**
 * `firstMeasuredFrom(readings, at)` for an `at` later than `readings[from]`: gallops forward
 * from `from` (1, 2, 4 ... readings on) and then searches only that stretch. The next bucket
 * starts a bucket's worth of readings on, so a tile's 30 searches stay near each other instead
 * of each jumping about a session's 14,400 readings from the middle (the misses were most of
 * a summary's trend cost).
 */
function firstMeasuredOnward(readings: readonly Reading[], from: number, at: number): number {
  let low = from + 1;
  let high = low;
  for (let step = 1; high < readings.length && readings[high]!.observedAt < at; step *= 2) {
    low = high + 1;
    high = low + step;
  }
  return firstObservedFrom(readings, at, false, low, Math.min(high, readings.length));
}

/** The latest MOAA/S in the session. */
export function latestMoaas(state: SessionState): RoomScore | null {
  const latest = latestValue(state, 'moaas');
  return latest === null ? null : { score: latest.value, observedAt: latest.observedAt };
}

/** The latest dissociation score on the protocol's scale. */
export function latestDissociation(state: SessionState, scale: DissociationScale): RoomDissociation | null {
  for (let index = state.observations.length - 1; index >= 0; index -= 1) {
    const { body, observedAt } = state.observations[index]!;
    const score = dissociationScore(body, scale);
    if (score !== null) return { scale, score, maxScore: scale === 'cadss6' ? CADSS6_MAX_TOTAL : 10, observedAt };
  }
  return null;
}

/** How a tile ranks open alarms (see worstRoomAlarm). Module-level: a named closure per summary costs, under tsx, more than the ranking. */
function tileRank(record: AlarmRecord): number {
  return PRIORITY_RANK[record.priority] * 4 + (record.acknowledgedAt === null ? 2 : 0) + (record.status === 'recheck' ? 0 : 1);
}

/**
 * The open alarm a tile shows: the most urgent; within a priority one nobody has
 * acknowledged before an acknowledged one, a sounding one before a silent recheck.
 */
export function worstRoomAlarm(state: SessionState): RoomAlarm | null {
  const escalated = new Set(escalatedAlarms(state).map((record) => record.alarmId));
  const open = activeAlarms(state);
  let worst: AlarmRecord | null = null;
  // activeAlarms is most urgent then oldest first; a strict ">" keeps the oldest of equals.
  for (const record of open) if (worst === null || tileRank(record) > tileRank(worst)) worst = record;
  if (worst === null) return null;
  return {
    alarmId: worst.alarmId,
    priority: worst.priority,
    status: worst.status,
    message: worst.message,
    headline: alarmHeadline(worst),
    acknowledged: worst.acknowledgedAt !== null,
    escalated: escalated.has(worst.alarmId),
    raisedAt: worst.raisedAt,
  };
}

/** Open alarms that sound and that nobody has acknowledged, most urgent first. */
export function unacknowledgedAlarms(state: SessionState, at: number): AlarmRecord[] {
  // No audio pause here: a paused alarm still needs someone to own it.
  return alarmsNeedingSound(state, at, null);
}
