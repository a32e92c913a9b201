import type { RoomSessionSummary, RoomSummary, RoomTrendPoint } from './rooms';

/**
 * A room's session as 'clinic.rooms' sends it: `trend` only when it differs from the trend the
 * room's previous update carried for the same session. The trend is most of a summary's bytes
 * and changes at most once per trend bucket, while a monitor's room gets an update a second.
 */
export type RoomSessionUpdate = Omit<RoomSessionSummary, 'trend'> & { trend?: RoomTrendPoint[] };

/** One room in a 'clinic.rooms' message: a `RoomSummary` whose session may leave its trend out. */
export type RoomUpdate = Omit<RoomSummary, 'session'> & { session: RoomSessionUpdate | null };

/** Whether two trends have the same points: a point-by-point check of at most 30 small tuples (no JSON on the hot path). */
export function sameTrend(a: readonly RoomTrendPoint[], b: readonly RoomTrendPoint[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    const p = a[index]!;
    const q = b[index]!;
    if (p[0] !== q[0] || p[1] !== q[1] || p[2] !== q[2] || p[3] !== q[3]) return false;
  }
  return true;
}

/**
 * What to send for `next` to screens whose last update of the room was `previous` (its full
 * summary): `next` without its trend when it is the same session with the same trend, else
 * `next` as it is. Pure.
 */
export function toRoomUpdate(previous: RoomSummary | null, next: RoomSummary): RoomUpdate {
  const before = previous?.session;
  const after = next.session;
  if (!before || !after || before.sessionId !== after.sessionId || !sameTrend(before.trend, after.trend)) return next;
  const { trend: _unchanged, ...session } = after;
  return { ...next, session };
}

/** An update that carries everything a summary does: no session, or the session with its trend. */
function isWhole(update: RoomUpdate): update is RoomSummary {
  return update.session === null || update.session.trend !== undefined;
}

/**
 * The summary a screen stores for `update`, given the room's summary it holds (if any): a
 * session sent without its trend keeps the trend held for that same session. `trendMissing`:
 * the screen holds no trend of that session (it should not happen: it means the screen missed
 * an update), so the summary has an empty one and the screen should ask for a fresh snapshot.
 */
export function fromRoomUpdate(held: RoomSummary | undefined, update: RoomUpdate): { summary: RoomSummary; trendMissing: boolean } {
  if (isWhole(update)) return { summary: update, trendMissing: false };
  const session = update.session!;
  const heldSession = held?.session;
  const known = heldSession?.sessionId === session.sessionId ? heldSession.trend : undefined;
  return { summary: { ...update, session: { ...session, trend: known ?? [] } }, trendMissing: known === undefined };
}
