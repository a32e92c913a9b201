import type { RoomSessionSummary, RoomSummary } from './rooms';
import { sameData } from './sameData';

/**
 * What changed in a room's session since the update a screen holds: every field whose value
 * differs, plus the two that say which session and how far (`sessionId`, `lastSeq`). A
 * monitor's reading changes a few of the tile's fields (the value, its time, the sequence);
 * the rest (names, protocol times, the trend, the baseline) stays, and is most of the bytes.
 */
export type SessionChanges = Partial<RoomSessionSummary> & Pick<RoomSessionSummary, 'sessionId' | 'lastSeq'>;

/**
 * One room in a 'clinic.rooms' message. `version` numbers the updates the sending process has
 * sent of the room (absent: not from the board feed, such as a room an admin added, so no
 * change can follow from it). Either whole (`base` absent: the room as it is), or the changes
 * since the room's update numbered `base`: a screen applies them only to that update of the
 * same session, and otherwise asks for a fresh snapshot (`fromRoomUpdate`).
 */
export type RoomUpdate = Omit<RoomSummary, 'session'> & { version?: number } & (
    { base?: undefined; session: RoomSessionSummary | null } | { base: number; session: SessionChanges }
  );

/** What a screen holds of a room: the summary, and the version of the update it came from (null: none to build on). */
export interface HeldRoom {
  summary: RoomSummary;
  version: number | null;
}

/** The fields of `after` that differ from `before`, or null when a field went away (only a whole update can say that). */
function changesOf(before: RoomSessionSummary, after: RoomSessionSummary): SessionChanges | null {
  const changes: Record<string, unknown> = { sessionId: after.sessionId, lastSeq: after.lastSeq };
  for (const key of Object.keys(before)) if (!(key in after)) return null;
  for (const [key, value] of Object.entries(after)) {
    if (key === 'sessionId' || key === 'lastSeq') continue;
    if (!sameData((before as unknown as Record<string, unknown>)[key], value)) changes[key] = value;
  }
  return changes as SessionChanges;
}

/**
 * What to send for `next`, numbered `version`, to screens whose last update of the room was
 * `previous`: the changes of the session since then, or `next` whole when there is nothing to
 * build on (the room's first update, no session before or after, another session). Pure.
 */
export function toRoomUpdate(previous: { summary: RoomSummary; version: number } | null, next: RoomSummary, version: number): RoomUpdate {
  const before = previous?.summary.session;
  const after = next.session;
  if (!previous || !before || !after || before.sessionId !== after.sessionId) return { ...next, version };
  const changes = changesOf(before, after);
  if (changes === null) return { ...next, version };
  return { ...next, session: changes, version, base: previous.version };
}

/**
 * The room a screen holds after `update`, given what it holds of the room (if anything). A whole
 * update replaces it. Changes apply only on top of the update they were made from (`base`) of
 * the same session; otherwise (`stale`) the screen missed an update or holds a snapshot from
 * elsewhere: it keeps what it holds and should ask for a fresh snapshot (`clinic.watch`).
 */
export function fromRoomUpdate(held: HeldRoom | undefined, update: RoomUpdate): { room: HeldRoom; stale: false } | { stale: true } {
  const { version, base, session, ...room } = update;
  if (base === undefined) return { room: { summary: { ...room, session }, version: version ?? null }, stale: false };
  const heldSession = held?.summary.session;
  if (!held || held.version !== base || !heldSession || heldSession.sessionId !== session.sessionId) return { stale: true };
  return { room: { summary: { ...room, session: { ...heldSession, ...session } }, version: version ?? null }, stale: false };
}
