import type { RoomSessionSummary, RoomSummary } from './rooms';
import { sameData } from './sameData';

/**
 * What a new reading changes on a tile and nothing else does: the values, the trend, the
 * readiness count, the seq. A summary that differs from the one the boards show only in these
 * may wait for the room's next update slot; any other difference (an alarm raised, owned or
 * cleared, the phase, an overdue check, the session, the bedside screen) is sent at once.
 */
export const READING_FIELDS = [
  'lastSeq',
  'bloodPressure',
  'heartRate',
  'spo2',
  'trend',
  'baseline',
  'discharge',
] as const satisfies readonly (keyof RoomSessionSummary)[];

const READING_FIELD_SET: ReadonlySet<string> = new Set(READING_FIELDS);

/**
 * Whether `next` must reach the boards at once rather than in the room's next update slot:
 * true unless `previous` (what the boards were last sent) is the same room and session and
 * only READING_FIELDS differ. Pure.
 */
export function isUrgentRoomChange(previous: RoomSummary | null, next: RoomSummary): boolean {
  if (previous === null) return true;
  if (previous.roomName !== next.roomName || !sameData(previous.bedside, next.bedside)) return true;
  const before = previous.session;
  const after = next.session;
  if (before === null || after === null) return before !== after;
  if (before.sessionId !== after.sessionId) return true;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (READING_FIELD_SET.has(key)) continue;
    if (!sameData(before[key as keyof RoomSessionSummary], after[key as keyof RoomSessionSummary])) return true;
  }
  return false;
}
