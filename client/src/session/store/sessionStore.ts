import { domainStore } from '../../app/domainStore';
import type { SessionEvent } from '../../../../shared/session/events';
import { applySessionEvent } from '../../../../shared/session/reducer';
import type { DisplayThinning } from '../../../../shared/session/displaySnapshot';
import type { SessionState } from '../../../../shared/session/state';

/**
 * The sessions this screen watches, each a fold of its events by the same pure reducer the
 * server uses. Events are applied strictly in sequence order: one that arrives early waits
 * for the gap to fill; one already applied is ignored.
 */
export interface WatchedSession {
  state: SessionState | null;
  /** Events that arrived ahead of a gap, by seq. */
  waiting: Record<number, SessionEvent>;
  error: string | null;
  /** Client clock of the last update from the server. */
  updatedAt: number | null;
  /** The older device readings the server left out of the snapshot (see displaySnapshot.ts); null when it sent them all. */
  thinning: DisplayThinning | null;
}

export const sessionStore = domainStore<{ sessions: Record<string, WatchedSession> }>(() => ({ sessions: {} }));

const EMPTY: WatchedSession = { state: null, waiting: {}, error: null, updatedAt: null, thinning: null };

function update(sessionId: string, change: (current: WatchedSession) => WatchedSession): void {
  sessionStore.setState((store) => ({
    sessions: { ...store.sessions, [sessionId]: change(store.sessions[sessionId] ?? EMPTY) },
  }));
}

function drain(state: SessionState, waiting: Record<number, SessionEvent>): { state: SessionState; waiting: Record<number, SessionEvent> } {
  let current = state;
  const rest = { ...waiting };
  for (;;) {
    const next = rest[current.lastSeq + 1];
    if (!next) break;
    delete rest[current.lastSeq + 1];
    current = applySessionEvent(current, next) ?? current;
  }
  for (const key of Object.keys(rest)) if (Number(key) <= current.lastSeq) delete rest[Number(key)];
  return { state: current, waiting: rest };
}

/**
 * `updatedAt`: when this copy came from the server (an offline copy keeps its own time).
 * `thinning`: what the snapshot left out of its older device readings (null: it has them all).
 */
export function receiveSnapshot(snapshot: SessionState, updatedAt: number = Date.now(), thinning: DisplayThinning | null = null): void {
  update(snapshot.sessionId, (current) => {
    // A snapshot older than what we hold changes nothing.
    if (current.state && current.state.lastSeq >= snapshot.lastSeq)
      return { ...current, error: null, updatedAt: Math.max(current.updatedAt ?? 0, updatedAt) };
    return { ...current, ...drain(snapshot, current.waiting), error: null, updatedAt, thinning };
  });
}

/** Returns true when the session now has a gap that only a catch-up can fill. */
export function receiveEvents(sessionId: string, events: SessionEvent[]): boolean {
  let gap = false;
  update(sessionId, (current) => {
    const waiting = { ...current.waiting };
    for (const event of events) if (!current.state || event.seq > current.state.lastSeq) waiting[event.seq] = event;
    if (!current.state) return { ...current, waiting, updatedAt: Date.now() };
    const drained = drain(current.state, waiting);
    gap = Object.keys(drained.waiting).length > 0;
    return { ...current, ...drained, updatedAt: Date.now() };
  });
  return gap;
}

export function sessionFailed(sessionId: string, message: string): void {
  update(sessionId, (current) => ({ ...current, error: message }));
}

export function lastSeqOf(sessionId: string): number {
  return sessionStore.getState().sessions[sessionId]?.state?.lastSeq ?? 0;
}
