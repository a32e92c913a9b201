import type { SessionEventOf, SessionEventType } from './events';
import type { SessionState } from './state';

/** One pure handler per event type; slices under `slices/` each own a few. */
export type SessionHandlers = {
  [T in SessionEventType]: (state: SessionState, event: SessionEventOf<T>) => SessionState;
};
