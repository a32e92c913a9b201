import type { SessionService } from '../sessions/sessionService';

/**
 * Fold into this node's cached state any events of the session that another node committed
 * (its cache only sees its own commits unless a pub/sub adapter feeds it), so a decision is
 * taken on the record as stored. One indexed query that is empty when nothing is new.
 */
export async function catchUpWithStore(sessions: SessionService, sessionId: string): Promise<void> {
  const state = await sessions.getState(sessionId);
  if (!state) return;
  const newer = await sessions.eventsAfter(sessionId, state.lastSeq, 10_000);
  const last = newer.at(-1);
  // ingestRemote fills the gap from the store up to the event it is given, then folds it.
  if (last) await sessions.ingestRemote(last);
}
