import type { RoomSummary } from '../../../shared/clinic/rooms';
import { Options } from '../components/Options';

/** The choices of a device's room: "No room" (its readings wait in the unassigned list), then every room. */
export function RoomOptions({ rooms }: { rooms: RoomSummary[] }) {
  return (
    <>
      <option value="">No room</option>
      <Options choices={rooms.map((room) => ({ value: room.roomId, label: room.roomName }))} />
    </>
  );
}
