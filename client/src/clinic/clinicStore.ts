import { domainStore } from '../app/domainStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';

/** The clinic's rooms as compact summaries (the server computes them from the same fold). */
export const clinicStore = domainStore<{ rooms: RoomSummary[] | null; updatedAt: number | null; error: string | null }>(() => ({
  rooms: null,
  updatedAt: null,
  error: null,
}));

export function receiveRooms(rooms: RoomSummary[]): void {
  clinicStore.setState({ rooms, updatedAt: Date.now(), error: null });
}

/** Rooms' new summaries (the server sends those due together in one message), in commit order per room. */
export function receiveRoomUpdates(updates: readonly RoomSummary[]): void {
  clinicStore.setState((current) => {
    if (!current.rooms) return current;
    let rooms = current.rooms;
    for (const room of updates) rooms = withRoom(rooms, room);
    return { rooms, updatedAt: Date.now() };
  });
}

function withRoom(rooms: RoomSummary[], room: RoomSummary): RoomSummary[] {
  // A room an admin has just added joins the end, as it does in the server's order.
  if (!rooms.some((existing) => existing.roomId === room.roomId)) return [...rooms, room];
  return rooms.map((existing) => {
    if (existing.roomId !== room.roomId) return existing;
    // Ignore a summary older than the one shown (summaries can race across sessions).
    if (
      existing.session &&
      room.session &&
      existing.session.sessionId === room.session.sessionId &&
      existing.session.lastSeq > room.session.lastSeq
    ) {
      return existing;
    }
    return room;
  });
}
