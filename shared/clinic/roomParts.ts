import { alarmHeadline } from '../alerts/format';
import { activeAlarms, alarmsNeedingSound, escalatedAlarms } from '../alerts/selectors';
import { latestValue } from '../alerts/series';
import { PRIORITY_RANK, type AlarmPriority, type AlarmRecord, type AlarmStatus } from '../alerts/types';
import { isArtifact } from '../lifecycle/baseline';
import { CADSS6_MAX_TOTAL, dissociationScore } from '../lifecycle/scales';
import type { DissociationScale } from '../lifecycle/config';
import { ruleIndexOf } from '../session/ruleIndex';
import type { Reading, SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';

/**
 * The pieces of a room summary, each a pure selection from the session state (the same
 * selectors the session page uses). Kept apart from rooms.ts so each stays small.
 */

/** How many trend points a tile draws: enough for a session's shape, small on the wire. */
export const ROOM_TREND_POINTS = 30;

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
 * them to every board on every update, and field names would be most of its bytes.
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

/** The last `limit` non-artifact readings with a pressure or a heart rate, oldest first. */
export function trendPoints(state: SessionState, limit = ROOM_TREND_POINTS): RoomTrendPoint[] {
  const points: RoomTrendPoint[] = [];
  for (let index = state.readings.length - 1; index >= 0 && points.length < limit; index -= 1) {
    const reading = state.readings[index]!;
    if (isArtifact(reading) || !hasTrendValue(reading)) continue;
    const { systolicMmHg, diastolicMmHg, heartRateBpm } = reading.vitals;
    points.push([reading.observedAt, systolicMmHg ?? null, diastolicMmHg ?? null, heartRateBpm ?? null]);
  }
  return points.reverse();
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

/**
 * The open alarm a tile shows: the most urgent; within a priority one nobody has
 * acknowledged before an acknowledged one, a sounding one before a silent recheck.
 */
export function worstRoomAlarm(state: SessionState): RoomAlarm | null {
  const escalated = new Set(escalatedAlarms(state).map((record) => record.alarmId));
  const open = activeAlarms(state);
  const rank = (record: AlarmRecord) =>
    PRIORITY_RANK[record.priority] * 4 + (record.acknowledgedAt === null ? 2 : 0) + (record.status === 'recheck' ? 0 : 1);
  let worst: AlarmRecord | null = null;
  // activeAlarms is most urgent then oldest first; a strict ">" keeps the oldest of equals.
  for (const record of open) if (worst === null || rank(record) > rank(worst)) worst = record;
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
