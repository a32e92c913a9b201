/**
 * Ends live connections when a sign-in stops being valid (implemented by the realtime layer,
 * `server/realtime/liveSignIns.ts`). A closed browser reconnects only if its cookie is still
 * good, and then with the person's current role.
 */
export interface LiveSignIns {
  endUser(userId: string): void;
  endSignIns(tokenHashes: readonly string[]): void;
}
