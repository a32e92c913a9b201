import type { RoomSummary } from '../../shared/clinic/rooms';
import { fromRoomUpdate, type HeldRoom, type RoomUpdate } from '../../shared/clinic/roomUpdate';

/**
 * What a clinic screen holds, as the client keeps it (`fromRoomUpdate`): from the `clinic.watch`
 * snapshot on, each 'clinic.rooms' update merged over the room held before it (changes apply only
 * on top of the update they were made from). Updates that arrive before the snapshot are dropped,
 * as the client drops them. `missing`: updates that did not build on what the screen held (the
 * client would ask for a fresh snapshot): none is expected.
 */
export function heldRooms() {
  const held = new Map<string, HeldRoom>();
  const missing: RoomUpdate[] = [];
  let watching = false;
  return {
    snapshot(rooms: RoomSummary[], versions: Record<string, number>) {
      held.clear();
      for (const room of rooms) held.set(room.roomId, { summary: room, version: versions[room.roomId] ?? null });
      watching = true;
    },
    /** The summary the screen holds after `update`; null before the snapshot or when the update could not be applied. */
    receive(update: RoomUpdate): RoomSummary | null {
      if (!watching) return null;
      const merged = fromRoomUpdate(held.get(update.roomId), update);
      if (merged.stale) {
        missing.push(update);
        return null;
      }
      held.set(update.roomId, merged.room);
      return merged.room.summary;
    },
    get: (roomId: string) => held.get(roomId)?.summary,
    missing,
  };
}
