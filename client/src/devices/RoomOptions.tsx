import type { RoomSummary } from '../../../shared/clinic/rooms';

/** The choices of a device's room: "No room" (its readings wait in the unassigned list), then every room. */
export function RoomOptions({ rooms }: { rooms: RoomSummary[] }) {
  return (
    <>
      <option value="">No room</option>
      {rooms.map((room) => (
        <option key={room.roomId} value={room.roomId}>
          {room.roomName}
        </option>
      ))}
    </>
  );
}
