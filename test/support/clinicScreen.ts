import type { RoomSummary } from '../../shared/clinic/rooms';
import { fromRoomUpdate, type RoomUpdate } from '../../shared/clinic/roomUpdate';

/**
 * What a clinic screen holds, as the client keeps it (`fromRoomUpdate`): from the `clinic.watch`
 * snapshot on, each 'clinic.rooms' update merged over the room's summary held before it (an
 * update without its trend keeps the held trend of that session). Updates that arrive before the
 * snapshot are dropped, as the client drops them. `missing`: updates for a session with no held trend.
 */
export function heldRooms() {
  const held = new Map<string, RoomSummary>();
  const missing: RoomUpdate[] = [];
  let watching = false;
  return {
    snapshot(rooms: RoomSummary[]) {
      held.clear();
      for (const room of rooms) held.set(room.roomId, room);
      watching = true;
    },
    /** The summary the screen holds after `update`; null before the snapshot. */
    receive(update: RoomUpdate): RoomSummary | null {
      if (!watching) return null;
      const { summary, trendMissing } = fromRoomUpdate(held.get(update.roomId), update);
      if (trendMissing) missing.push(update);
      held.set(update.roomId, summary);
      return summary;
    },
    get: (roomId: string) => held.get(roomId),
    missing,
  };
}
