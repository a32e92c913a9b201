import { domainStore } from '../app/domainStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { fromRoomUpdate, type RoomUpdate } from '../../../shared/clinic/roomUpdate';

/** The clinic's rooms as compact summaries (the server computes them from the same fold). */
export const clinicStore = domainStore<{ rooms: RoomSummary[] | null; updatedAt: number | null; error: string | null }>(() => ({
  rooms: null,
  updatedAt: null,
  error: null,
}));

export function receiveRooms(rooms: RoomSummary[]): void {
  clinicStore.setState({ rooms, updatedAt: Date.now(), error: null });
}

/**
 * Rooms' updates (the server sends those due together in one message), in commit order per
 * room. An update without its session's trend keeps the trend held for that session.
 * `trendMissing`: one came for a session this screen holds no trend of (it missed an update),
 * so the screen should ask for a fresh snapshot (`clinic.watch`).
 */
export function receiveRoomUpdates(updates: readonly RoomUpdate[]): { trendMissing: boolean } {
  let trendMissing = false;
  clinicStore.setState((current) => {
    if (!current.rooms) return current;
    let rooms = current.rooms;
    for (const update of updates) {
      const next = withRoom(rooms, update);
      rooms = next.rooms;
      trendMissing ||= next.trendMissing;
    }
    return { rooms, updatedAt: Date.now() };
  });
  return { trendMissing };
}

function withRoom(rooms: RoomSummary[], update: RoomUpdate): { rooms: RoomSummary[]; trendMissing: boolean } {
  const index = rooms.findIndex((existing) => existing.roomId === update.roomId);
  const existing = index === -1 ? undefined : rooms[index]!;
  // Ignore a summary older than the one shown (summaries can race across sessions).
  if (
    existing?.session &&
    update.session &&
    existing.session.sessionId === update.session.sessionId &&
    existing.session.lastSeq > update.session.lastSeq
  ) {
    return { rooms, trendMissing: false };
  }
  const { summary, trendMissing } = fromRoomUpdate(existing, update);
  // A room an admin has just added joins the end, as it does in the server's order.
  if (index === -1) return { rooms: [...rooms, summary], trendMissing };
  const replaced = rooms.slice();
  replaced[index] = summary;
  return { rooms: replaced, trendMissing };
}
