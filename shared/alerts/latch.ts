import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import type { AlarmRecord } from './types';

/** Whether the reading that raised an alarm has since been marked artifact. */
export function causeIsArtifact(state: SessionState, record: AlarmRecord): boolean {
  if (record.readingId === null) return false;
  return ruleIndexOf(state).artifactReadingIds.has(record.readingId);
}

/**
 * Whether an alarm latches when its condition goes: a high alarm that has sounded and nobody
 * has acknowledged stays open until someone does (CLINICAL.md "Alarms": high-priority alarms
 * latch until acknowledged). Except when the reading that raised it was marked artifact: the
 * nurse who struck it through has owned it, and the alarms it caused simply clear (a latched
 * alarm too, once its reading is marked).
 */
export function latchesOnClear(state: SessionState, record: AlarmRecord): boolean {
  if (record.status !== 'active' || record.priority !== 'high' || record.acknowledgedAt !== null) return false;
  return !causeIsArtifact(state, record);
}
