import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import type { AlarmRecord } from '../../../shared/alerts/types';
import { describeActor } from '../../../shared/session/actor';
import { age, clockTime } from '../format/time';

/** What an alarm's state means for the person at the bedside, in words (never colour alone). */
export function alarmStatusText(record: AlarmRecord): string {
  if (record.status === 'recheck') return 'checking — not sounded until it persists or is repeated';
  if (record.status === 'latched') return 'condition cleared — acknowledge';
  if (record.status === 'cleared') return 'cleared';
  return record.acknowledgedAt === null ? 'not acknowledged' : 'acknowledged, condition still present';
}

/** "since 14:05 (3 min ago)" on server time. */
export function sinceText(at: number, now: number): string {
  return `since ${clockTime(at)} (${age(now - at)})`;
}

/** "Acknowledged by Ana Ruiz (nurse) at 14:06 — 'Rechecking'", or null. */
export function acknowledgedText(record: AlarmRecord): string | null {
  if (record.acknowledgedAt === null || record.acknowledgedBy === null) return null;
  const note = record.acknowledgementNote ? ` — “${record.acknowledgementNote}”` : '';
  return `Acknowledged by ${describeActor(record.acknowledgedBy)} at ${clockTime(record.acknowledgedAt)}${note}`;
}

/** One line for a screen reader or a summary: everything the row shows. */
export function alarmSummaryText(record: AlarmRecord, now: number): string {
  const parts = [`${ALARM_VISUALS[record.priority].label} priority alarm${record.technical ? ' (equipment)' : ''}: ${record.message}`];
  parts.push(sinceText(record.raisedAt, now));
  parts.push(alarmStatusText(record));
  const acknowledged = acknowledgedText(record);
  if (acknowledged) parts.push(acknowledged);
  return parts.join('; ');
}

/** "1:45" — minutes and seconds left of a pause. */
export function countdownText(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(totalSeconds / 60)}:${String(totalSeconds % 60).padStart(2, '0')}`;
}
