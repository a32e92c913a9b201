import type { RoomSummary } from '../../../shared/clinic/rooms';
import { PRIORITY_RANK, type AlarmPriority } from '../../../shared/alerts/types';

/** The whole clinic's alarms, from the room summaries: what the top bar says on every page. */
export interface ClinicAlarmTotals {
  /** Open alarms (recheck, active, latched) in every room. */
  open: number;
  /** Of those, sounding and owned by nobody. */
  unacknowledged: number;
  /** The most urgent unacknowledged priority, or null. */
  worst: AlarmPriority | null;
  /** The session with the most urgent unacknowledged alarm (first in room order among equals), or null. */
  urgentSessionId: string | null;
}

/** Pure. Summaries cached by an older client may lack `openAlarmCount`: then the unacknowledged ones are counted. */
export function clinicAlarmTotals(rooms: readonly RoomSummary[]): ClinicAlarmTotals {
  let open = 0;
  let unacknowledged = 0;
  let urgent: { sessionId: string; priority: AlarmPriority } | null = null;
  for (const room of rooms) {
    const session = room.session;
    if (!session) continue;
    open += session.openAlarmCount ?? session.unacknowledgedAlarmIds.length;
    unacknowledged += session.unacknowledgedAlarmIds.length;
    const priority = session.unacknowledgedPriority;
    if (priority && (urgent === null || PRIORITY_RANK[priority] > PRIORITY_RANK[urgent.priority]))
      urgent = { sessionId: session.sessionId, priority };
  }
  // The most urgent session's priority is the worst one (same strict rank order as worstPriority).
  return { open, unacknowledged, worst: urgent?.priority ?? null, urgentSessionId: urgent?.sessionId ?? null };
}

export interface Escalation {
  roomId: string;
  roomName: string;
  sessionId: string;
  patientAlias: string;
  alarmIds: string[];
  /** The worst alarm's message when it is one of the escalated ones. */
  message: string | null;
  raisedAt: number | null;
}

/**
 * Rooms with an unacknowledged high alarm escalated to the prescriber, in room order. Pure.
 * Falls back on the room's worst alarm when the summary has no `escalatedHighAlarmIds`.
 */
export function clinicEscalations(rooms: readonly RoomSummary[]): Escalation[] {
  const found: Escalation[] = [];
  for (const room of rooms) {
    const session = room.session;
    if (!session) continue;
    const worst = session.worstAlarm;
    const fallback = worst && worst.escalated && !worst.acknowledged && worst.priority === 'high' ? [worst.alarmId] : [];
    const alarmIds = session.escalatedHighAlarmIds ?? fallback;
    if (alarmIds.length === 0) continue;
    const shown = worst && alarmIds.includes(worst.alarmId) ? worst : null;
    found.push({
      roomId: room.roomId,
      roomName: room.roomName,
      sessionId: session.sessionId,
      patientAlias: session.patientAlias,
      alarmIds,
      message: shown?.message ?? null,
      raisedAt: shown?.raisedAt ?? null,
    });
  }
  return found;
}
