import type { Actor } from '../../shared/session/actor';
import type { SessionEvent, SessionEventOf, SessionEventPayload, SessionEventType } from '../../shared/session/events';

/** Test factory: a nurse actor. */
export const nurse: Actor = { kind: 'user', userId: 'u-nurse', displayName: 'Nurse Demo', role: 'nurse' };

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

/** Build a sequence of events for one session with increasing seq. */
export function eventLog(sessionId = 's-1') {
  const events: SessionEvent[] = [];
  let seq = 0;
  function add<T extends SessionEventType>(
    type: T,
    payload: SessionEventPayload<T>,
    observedAt: number,
    actor: Actor = nurse,
  ): SessionEventOf<T> {
    seq += 1;
    const event = {
      sessionId,
      seq,
      type,
      payload,
      observedAt,
      recordedAt: observedAt + 500,
      actor,
      commandId: `cmd-${seq}`,
    } as SessionEventOf<T>;
    events.push(event as SessionEvent);
    return event;
  }
  return { events, add, t0: T0, minutes: (m: number) => T0 + m * 60_000 };
}
