import { isOpenPhase } from '../../../shared/session/phases';
import type { RoomSummary } from '../../../shared/clinic/rooms';

/**
 * What a room needs from the prescriber, most urgent first. The board orders tiles by it; the
 * order inside one level is the clinic's own room order, so a room moves only when its need
 * changes and never jumps while nothing changes.
 */
export const NEED_LEVELS = [
  'high_alarm',
  'medium_alarm',
  'overdue_check',
  'awaiting_approval',
  'alarm_present',
  'ready_for_discharge',
  'in_session',
  'finished',
  'empty',
] as const;
export type RoomNeed = (typeof NEED_LEVELS)[number];

export type BoardOrderMode = 'by_need' | 'fixed';

/**
 * The need of one room: first what nobody owns yet (unacknowledged alarms, overdue checks, a high
 * baseline waiting for the prescriber's approval), then an acknowledged alarm whose condition is
 * still there (a patient still at MOAA/S 1 is not a quiet room), then readiness.
 */
export function roomNeed(room: RoomSummary): RoomNeed {
  const session = room.session;
  if (session === null) return 'empty';
  if (!isOpenPhase(session.phase)) return 'finished';
  if (session.unacknowledgedPriority === 'high') return 'high_alarm';
  if (session.unacknowledgedPriority === 'medium') return 'medium_alarm';
  if (session.overdueCheckMinutes.length > 0) return 'overdue_check';
  if (session.awaitingApproval === true) return 'awaiting_approval';
  if (session.worstAlarm?.acknowledged === true && session.worstAlarm.status === 'active') return 'alarm_present';
  if (session.phase === 'ready_for_discharge') return 'ready_for_discharge';
  return 'in_session';
}

/**
 * The board's tile order. `rooms` come in the clinic's room order (the server sorts them);
 * `fixed` keeps exactly that order (wall screens where each room has its place); `by_need`
 * sorts by need and keeps the clinic's order within a need (a stable sort).
 */
export function orderRooms(rooms: readonly RoomSummary[], mode: BoardOrderMode): RoomSummary[] {
  if (mode === 'fixed') return [...rooms];
  const rank = (room: RoomSummary) => NEED_LEVELS.indexOf(roomNeed(room));
  return rooms
    .map((room, index) => ({ room, index, rank: rank(room) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ room }) => room);
}
