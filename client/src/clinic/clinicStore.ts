import { domainStore } from '../app/domainStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { fromRoomUpdate, type RoomUpdate } from '../../../shared/clinic/roomUpdate';

/**
 * The clinic's rooms as compact summaries (the server computes them from the same fold), and
 * per room the version of the server's update each came from (the next changes build on it).
 */
export const clinicStore = domainStore<{
  rooms: RoomSummary[] | null;
  versions: Record<string, number>;
  updatedAt: number | null;
  error: string | null;
}>(() => ({
  rooms: null,
  versions: {},
  updatedAt: null,
  error: null,
}));

export function receiveRooms(rooms: RoomSummary[], versions: Record<string, number> = {}): void {
  clinicStore.setState({ rooms, versions, updatedAt: Date.now(), error: null });
}

/**
 * Rooms' updates (the server sends those due together in one message), in commit order per
 * room: a whole room, or the changes of its session since the update this screen holds.
 * `stale`: changes came that do not build on what this screen holds (it missed an update),
 * so they were not applied and the screen should ask for a fresh snapshot (`clinic.watch`).
 */
export function receiveRoomUpdates(updates: readonly RoomUpdate[]): { stale: boolean } {
  let stale = false;
  clinicStore.setState((current) => {
    if (!current.rooms) return current;
    // Copied once per message, not once per room in it.
    const rooms = current.rooms.slice();
    const versions = { ...current.versions };
    for (const update of updates) {
      const index = rooms.findIndex((existing) => existing.roomId === update.roomId);
      const existing = index === -1 ? undefined : rooms[index]!;
      // Ignore a whole summary older than the one shown (summaries can race across sessions).
      if (update.base === undefined && isOlder(existing, update)) continue;
      const version = versions[update.roomId];
      const next = fromRoomUpdate(existing && { summary: existing, version: version ?? null }, update);
      if (next.stale) {
        stale = true;
        continue;
      }
      // A room an admin has just added joins the end, as it does in the server's order.
      if (index === -1) rooms.push(next.room.summary);
      else rooms[index] = next.room.summary;
      if (next.room.version === null) delete versions[update.roomId];
      else versions[update.roomId] = next.room.version;
    }
    return { rooms, versions, updatedAt: Date.now() };
  });
  return { stale };
}

function isOlder(existing: RoomSummary | undefined, update: RoomUpdate): boolean {
  return (
    !!existing?.session &&
    !!update.session &&
    existing.session.sessionId === update.session.sessionId &&
    existing.session.lastSeq > update.session.lastSeq
  );
}
