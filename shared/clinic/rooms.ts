import { isMonitoredPhase } from '../session/phases';
import type { SessionPhase, SessionState } from '../session/state';
import type { Protocol } from '../protocols/schema';
import type { AlarmPriority } from '../alerts/types';
import { worstPriority } from '../alerts/selectors';
import { overdueConditions } from '../alerts/rules/overdue';
import { CLINICAL_DISCHARGE_ITEM_IDS, evaluateDischarge } from '../lifecycle/discharge';
import { lifecycleRulesFrom } from '../lifecycle/phases';
import { predoseAdvisoryStatus } from '../lifecycle/predose';
import { observationTimer } from '../lifecycle/timer';
import { activeAlarms, escalatedAlarms } from '../alerts/selectors';
import { selectBaseline } from '../session/selectors';
import {
  latestDissociation,
  latestMoaas,
  latestPressure,
  latestMeasured,
  trendPoints,
  unacknowledgedAlarms,
  worstRoomAlarm,
  type MeasuredPressure,
  type MeasuredValue,
  type RoomAlarm,
  type RoomDissociation,
  type RoomScore,
  type RoomTrendPoint,
} from './roomParts';

export type { MeasuredBy, MeasuredPressure, MeasuredValue, RoomAlarm, RoomDissociation, RoomScore, RoomTrendPoint } from './roomParts';

/** Discharge readiness in numbers: how many checklist items hold. */
export interface RoomDischarge {
  holding: number;
  total: number;
  /**
   * The minimum observation time is among the items that do not hold: time alone makes it pass,
   * so screens recount it on server time. Optional: cached summaries from before it lack it.
   */
  minimumObservationPending?: boolean;
}

/**
 * What one running session looks like on the clinic page and the prescriber's board: only
 * what a tile, the clinic page and the alarm count show. Every board receives it on every
 * update, so nothing else goes in (the session page has the full state).
 */
export interface RoomSessionSummary {
  sessionId: string;
  patientAlias: string;
  protocolName: string;
  phase: SessionPhase;
  dosedAt: number | null;
  /** The protocol's minimum observation time: screens count down to it on server time. */
  minimumObservationMinutes: number;
  /** A reading older than this is stale (greyed with its age); null: never stale. */
  checkIntervalMinutes: number | null;
  /** The protocol's audio pause, for the board's own pause. */
  audioPauseMinutes: number;
  lastSeq: number;
  bloodPressure: MeasuredPressure | null;
  heartRate: MeasuredValue | null;
  spo2: MeasuredValue | null;
  /**
   * The tile's trend line: the last hour, one point per 2 minutes (`trendPoints`), oldest first.
   * Always here in what a screen stores; 'clinic.rooms' sends it only when it changed (`RoomUpdate`).
   */
  trend: RoomTrendPoint[];
  baseline: { systolicMmHg: number | null; diastolicMmHg: number | null };
  moaas: RoomScore | null;
  dissociation: RoomDissociation | null;
  nextCheck: { minutesAfterDose: number; dueAt: number } | null;
  /** Scheduled checks (minutes after dose) overdue at `asOf`, by the alarm rules or an open overdue alarm. */
  overdueCheckMinutes: number[];
  worstAlarm: RoomAlarm | null;
  /** Open, sounding alarms nobody has acknowledged, most urgent first. */
  unacknowledgedAlarmIds: string[];
  /** The most urgent of those, or null. */
  unacknowledgedPriority: AlarmPriority | null;
  /** Open alarms (recheck, active or latched), acknowledged or not: the top bar's count. Optional: older cached summaries lack it. */
  openAlarmCount?: number;
  /** Unacknowledged high alarms escalated to the prescriber (shown wherever they are in the app). Optional as above. */
  escalatedHighAlarmIds?: string[];
  /** Null before dosing and once the session is over. */
  discharge: RoomDischarge | null;
  /**
   * Before the dose: the baseline is above the protocol's advisory limit and waits for a
   * prescriber's acknowledgement (the dose is held until then). Absent otherwise.
   */
  awaitingApproval?: true;
}

/** How many bedside screens (nurse, therapist) watch the room's session now. */
export interface BedsidePresence {
  screens: number;
}

/** A compact view of one room for the clinic page and the board. */
export interface RoomSummary {
  roomId: string;
  roomName: string;
  session: null | RoomSessionSummary;
  /**
   * Not part of the record: the server adds it when a bedside screen has watched the
   * session, so the board can say when the room's screen lost its connection (0 screens).
   */
  bedside?: BedsidePresence;
}

/**
 * When a reading counts as stale: the longest gap between two scheduled checks (a reading
 * older than that means a check went by without one). One scheduled check: its offset;
 * none: the minimum observation time; zero: never stale.
 */
export function checkIntervalMinutes(protocol: Pick<Protocol, 'checkScheduleMinutes' | 'minimumObservationMinutes'>): number | null {
  const schedule = [...protocol.checkScheduleMinutes].sort((a, b) => a - b);
  let longest = schedule.length === 1 ? schedule[0]! : 0;
  for (let index = 1; index < schedule.length; index += 1) longest = Math.max(longest, schedule[index]! - schedule[index - 1]!);
  if (schedule.length === 0) longest = protocol.minimumObservationMinutes;
  return longest > 0 ? longest : null;
}

function overdueMinutes(state: SessionState, protocol: Protocol, at: number): number[] {
  const minutes = new Set(overdueConditions(state, protocol, at).map((condition) => Number(condition.alarmId.split(':')[1])));
  for (const record of activeAlarms(state)) {
    if (record.kind === 'overdue_check') minutes.add(Number(record.alarmId.split(':')[1]));
  }
  return [...minutes].filter((minute) => Number.isFinite(minute)).sort((a, b) => a - b);
}

function awaitingApproval(state: SessionState, protocol: Protocol): boolean {
  if (state.phase !== 'pre_dose') return false;
  return predoseAdvisoryStatus(state, lifecycleRulesFrom(protocol).advisoryLimits).status === 'needs_acknowledgement';
}

function dischargeOf(state: SessionState, protocol: Protocol, at: number): RoomDischarge | null {
  if (state.dosedAt === null || !isMonitoredPhase(state.phase)) return null;
  const evaluation = evaluateDischarge(state, lifecycleRulesFrom(protocol), at, activeAlarms(state).length);
  const failing = evaluation.items.filter((item) => !item.passes);
  return {
    holding: evaluation.items.length - failing.length,
    total: evaluation.items.length,
    minimumObservationPending: failing.some((item) => item.id === CLINICAL_DISCHARGE_ITEM_IDS.minimumObservation),
  };
}

/**
 * Build a room's summary from its session's state and the protocol version it started with,
 * by the same pure rules the session page uses (readiness, alarms, timer, overdue checks),
 * so the two never disagree. Time-dependent parts are computed at the state's last
 * `recordedAt` (server time), so the same state always gives the same summary; what time
 * alone changes arrives as events (overdue alarms, readiness) and so as a new summary.
 */
export function summarizeRoom(
  room: { roomId: string; roomName: string },
  state: SessionState | null,
  protocol: Protocol | null,
): RoomSummary {
  // The room's fields written out, not spread: on Node 20 a spread followed by more properties takes V8's slow path.
  if (state === null || protocol === null) return { roomId: room.roomId, roomName: room.roomName, session: null };
  const at = state.lastRecordedAt;
  const timer = observationTimer(state, protocol, at);
  const unacknowledged = unacknowledgedAlarms(state, at);
  // After the dose: the pre-dose baseline; before it, the latest pressure so far (provisional).
  const baseline = selectBaseline(state);
  return {
    roomId: room.roomId,
    roomName: room.roomName,
    session: {
      sessionId: state.sessionId,
      patientAlias: state.patientAlias,
      protocolName: state.protocolName,
      phase: state.phase,
      // The board's countdown runs from the dose the clock counts from (a further dose restarts it).
      dosedAt: timer?.countingFrom.at ?? state.dosedAt,
      minimumObservationMinutes: timer?.countingFrom.minimumObservationMinutes ?? protocol.minimumObservationMinutes,
      checkIntervalMinutes: checkIntervalMinutes(protocol),
      audioPauseMinutes: protocol.audioPauseMinutes,
      lastSeq: state.lastSeq,
      bloodPressure: latestPressure(state),
      heartRate: latestMeasured(state, 'heartRateBpm'),
      spo2: latestMeasured(state, 'spo2Percent'),
      trend: trendPoints(state),
      baseline: { systolicMmHg: baseline?.vitals.systolicMmHg ?? null, diastolicMmHg: baseline?.vitals.diastolicMmHg ?? null },
      moaas: latestMoaas(state),
      dissociation: latestDissociation(state, protocol.dissociationScale),
      nextCheck: timer?.nextCheck ? { minutesAfterDose: timer.nextCheck.minutesAfterDose, dueAt: timer.nextCheck.dueAt } : null,
      overdueCheckMinutes: isMonitoredPhase(state.phase) ? overdueMinutes(state, protocol, at) : [],
      worstAlarm: worstRoomAlarm(state),
      unacknowledgedAlarmIds: unacknowledged.map((record) => record.alarmId),
      unacknowledgedPriority: worstPriority(unacknowledged),
      openAlarmCount: activeAlarms(state).length,
      escalatedHighAlarmIds: escalatedAlarms(state)
        .filter((record) => record.priority === 'high')
        .map((record) => record.alarmId),
      discharge: dischargeOf(state, protocol, at),
      ...(awaitingApproval(state, protocol) ? { awaitingApproval: true as const } : {}),
    },
  };
}
