import { isOpenPhase } from '../../../shared/session/phases';
import type { RoomAlarm, RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import { PHASE_LABELS } from '../../../shared/session/state';
import { age, clockTime, duration, timeLeft } from '../format/time';
import { roomNeed } from './order';

const MINUTE_MS = 60_000;

/** A reading older than the protocol's check interval is stale: shown greyed, with its age. */
export function isStale(observedAt: number, session: Pick<RoomSessionSummary, 'checkIntervalMinutes' | 'phase'>, now: number): boolean {
  if (session.checkIntervalMinutes === null) return false;
  if (!isOpenPhase(session.phase)) return false;
  return now - observedAt > session.checkIntervalMinutes * MINUTE_MS;
}

/**
 * Discharge readiness at `now`: the summary counts items at its own time; the minimum
 * observation time is the one item time alone makes pass, so it is recounted on server time.
 */
export function dischargeNow(session: RoomSessionSummary, now: number): { holding: number; total: number } | null {
  const discharge = session.discharge;
  if (discharge === null) return null;
  const minimumFailing = discharge.minimumObservationPending === true;
  const reached = session.dosedAt !== null && now >= session.dosedAt + session.minimumObservationMinutes * MINUTE_MS;
  return { holding: discharge.holding + (minimumFailing && reached ? 1 : 0), total: discharge.total };
}

/** Observation clock on server time: time since dose and time left to the minimum. */
export function observationClock(session: RoomSessionSummary, now: number): { sinceDoseMs: number; remainingMs: number } | null {
  if (session.dosedAt === null) return null;
  const sinceDoseMs = Math.max(0, now - session.dosedAt);
  return { sinceDoseMs, remainingMs: Math.max(0, session.minimumObservationMinutes * MINUTE_MS - sinceDoseMs) };
}

export function nextCheckText(session: RoomSessionSummary, now: number): string | null {
  if (session.overdueCheckMinutes.length > 0) {
    return `Overdue: ${session.overdueCheckMinutes.map((m) => `${m}-min`).join(', ')} check`;
  }
  const next = session.nextCheck;
  if (next === null) return null;
  if (next.dueAt <= now) return `${next.minutesAfterDose}-min check due now (${clockTime(next.dueAt)})`;
  return `Next check ${next.minutesAfterDose} min at ${clockTime(next.dueAt)}`;
}

/** What the room's worst alarm is about: the parameter and its value ("SpO2 88%"). */
export function tileAlarmHeadline(alarm: RoomAlarm): string {
  return alarm.headline ?? alarm.message.split(' — ')[0] ?? alarm.message;
}

/** Its priority, age and state in full words: "High priority · 4 min ago · escalated · not acknowledged". */
export function tileAlarmMeta(alarm: RoomAlarm, now: number): string {
  const state =
    alarm.status === 'recheck'
      ? 'checking, not sounded'
      : alarm.status === 'latched'
        ? 'condition cleared, not acknowledged'
        : alarm.acknowledged
          ? 'acknowledged'
          : 'not acknowledged';
  return [
    `${ALARM_VISUALS[alarm.priority].label} priority`,
    age(now - alarm.raisedAt),
    ...(alarm.escalated ? ['escalated'] : []),
    state,
  ].join(' · ');
}

/** The tile's text summary for screen readers: everything the tile shows, in words. */
export function tileSummaryText(room: RoomSummary, now: number): string {
  const session = room.session;
  if (session === null) return `${room.roomName}: empty, no session.`;
  const parts = [`${room.roomName}, patient ${session.patientAlias}, ${session.protocolName}, ${PHASE_LABELS[session.phase]}.`];
  const need = roomNeed(room);
  if (room.bedside?.screens === 0) parts.push('The room screen has lost its connection.');
  const alarm = session.worstAlarm;
  if (alarm) {
    const visual = ALARM_VISUALS[alarm.priority];
    const state = alarm.acknowledged ? 'acknowledged' : 'not acknowledged';
    parts.push(
      `${visual.label} priority alarm, ${state}${alarm.escalated ? ', escalated' : ''}, ${age(now - alarm.raisedAt)}: ${alarm.message}.`,
    );
  }
  const unacknowledged = session.unacknowledgedAlarmIds.length;
  if (unacknowledged > 1) parts.push(`${unacknowledged} alarms not acknowledged.`);
  const bp = session.bloodPressure;
  if (bp)
    parts.push(
      `Blood pressure ${bp.systolicMmHg} over ${bp.diastolicMmHg}, ${bp.by === 'device' ? 'from the monitor' : 'entered by staff'}, measured ${age(now - bp.observedAt)}${isStale(bp.observedAt, session, now) ? ', stale' : ''}.`,
    );
  else parts.push('No blood pressure yet.');
  if (session.heartRate) parts.push(`Heart rate ${session.heartRate.value}, measured ${age(now - session.heartRate.observedAt)}.`);
  if (session.spo2) parts.push(`SpO2 ${session.spo2.value} percent, measured ${age(now - session.spo2.observedAt)}.`);
  if (session.baseline.systolicMmHg !== null)
    parts.push(`Baseline ${session.baseline.systolicMmHg} over ${session.baseline.diastolicMmHg}.`);
  const clock = observationClock(session, now);
  if (clock) {
    parts.push(
      `${duration(clock.sinceDoseMs)} since dose, ${clock.remainingMs > 0 ? `${timeLeft(clock.remainingMs)} of observation left` : 'minimum observation reached'}.`,
    );
  } else parts.push('Not dosed yet.');
  const check = nextCheckText(session, now);
  if (check) parts.push(`${check}.`);
  if (session.moaas) parts.push(`MOAA/S ${session.moaas.score}.`);
  if (session.dissociation) parts.push(`Dissociation ${session.dissociation.score} of ${session.dissociation.maxScore}.`);
  const discharge = dischargeNow(session, now);
  if (discharge) parts.push(`Discharge: ${discharge.holding} of ${discharge.total} items hold.`);
  if (need === 'ready_for_discharge') parts.push('Ready for discharge.');
  if (session.awaitingApproval === true)
    parts.push('Waiting for the prescriber to approve dosing: the baseline is above the advisory limit.');
  return parts.join(' ');
}
