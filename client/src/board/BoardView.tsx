import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { BoardOrderMode } from './order';
import { orderRooms } from './order';
import { boardColumns, nextTileIndex } from './gridNav';
import { RoomTile } from './RoomTile';

export interface BoardViewProps {
  rooms: readonly RoomSummary[];
  /** Server time. */
  now: number;
  orderMode: BoardOrderMode;
  /** The board's own link to the server is down: tiles may be old. */
  offline: boolean;
  widthPx: number;
  /** The room whose tile should hold focus (restored when coming back from a room). */
  focusedRoomId: string | null;
  /** Put focus on `focusedRoomId` when the board appears (coming back from a room). */
  restoreFocus: boolean;
  onFocusRoom(roomId: string): void;
  onAcknowledge(room: RoomSummary): void;
  onOpen(room: RoomSummary): void;
}

/**
 * The grid of room tiles with roving focus: one tile is in the tab order; arrows move between
 * tiles (grid-aware), Enter opens the room, "a" acknowledges the focused room's alarms.
 */
export function BoardView(props: BoardViewProps) {
  const { rooms, now, orderMode, widthPx, focusedRoomId } = props;
  const ordered = orderRooms(rooms, orderMode);
  const columns = boardColumns(widthPx, ordered.length);
  const tiles = useRef(new Map<string, HTMLElement>());
  const [restored, setRestored] = useState(!props.restoreFocus);
  const focusIndex = Math.max(
    0,
    ordered.findIndex((room) => room.roomId === focusedRoomId),
  );

  useLayoutEffect(() => {
    if (restored || !focusedRoomId) return;
    const tile = tiles.current.get(focusedRoomId);
    if (tile) {
      tile.focus();
      setRestored(true);
    }
  }, [restored, focusedRoomId, ordered.length]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>, index: number) {
    // Keys typed into the tile's own button belong to the button.
    if (event.target !== event.currentTarget) return;
    const room = ordered[index]!;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (room.session) props.onOpen(room);
      return;
    }
    if (event.key === 'a' || event.key === 'A') {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      if ((room.session?.unacknowledgedAlarmIds.length ?? 0) > 0) props.onAcknowledge(room);
      return;
    }
    const next = nextTileIndex(index, event.key, ordered.length, columns);
    if (next === null) return;
    event.preventDefault();
    const target = ordered[next]!;
    props.onFocusRoom(target.roomId);
    tiles.current.get(target.roomId)?.focus();
  }

  return (
    <ul
      className="board-grid"
      aria-label={`Rooms, ${orderMode === 'fixed' ? 'in fixed order' : 'most urgent first'}`}
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      data-columns={columns}
    >
      {ordered.map((room, index) => (
        <RoomTile
          key={room.roomId}
          room={room}
          now={now}
          focused={index === focusIndex}
          offline={props.offline}
          tileRef={(element: HTMLElement | null) => {
            if (element) tiles.current.set(room.roomId, element);
            else tiles.current.delete(room.roomId);
          }}
          onFocus={() => props.onFocusRoom(room.roomId)}
          onKeyDown={(event) => onKeyDown(event, index)}
          onAcknowledge={props.onAcknowledge}
          onOpen={props.onOpen}
        />
      ))}
    </ul>
  );
}
