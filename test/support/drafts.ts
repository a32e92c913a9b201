import type { Actor } from '../../shared/session/actor';
import type { NewSessionEvent } from '../../shared/session/events';
import type { VitalSet } from '../../shared/vitals/schema';

/** A reading as a command would draft it for the store (`appendSessionEvents`, `decideAndAppend`); its id is its command id. */
export function readingDraft(
  sessionId: string,
  commandId: string,
  observedAt: number,
  vitals: VitalSet,
  actor: Actor = { kind: 'system', displayName: 'Test' },
): NewSessionEvent {
  return { sessionId, type: 'vitals.recorded', payload: { readingId: commandId, vitals }, observedAt, actor, commandId };
}
