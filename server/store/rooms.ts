import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema';
import { numberOrNull } from './columns';

export interface RoomRow {
  roomId: string;
  name: string;
  sortOrder: number;
  /** When an admin retired the room (its history stays); null while in use. */
  retiredAt?: number | null;
}

function toRoom(row: Selectable<Database['rooms']>): RoomRow {
  return {
    roomId: row.room_id,
    name: row.name,
    sortOrder: Number(row.sort_order),
    retiredAt: numberOrNull(row.retired_at),
  };
}

/** The rooms in use (not retired), in the clinic's order. */
export async function listRooms(db: Kysely<Database>): Promise<RoomRow[]> {
  const rows = await db.selectFrom('rooms').selectAll().where('retired_at', 'is', null).orderBy('sort_order').orderBy('room_id').execute();
  return rows.map(toRoom);
}

/** Every room, retired ones included (the Rooms page). */
export async function listAllRooms(db: Kysely<Database>): Promise<RoomRow[]> {
  const rows = await db.selectFrom('rooms').selectAll().orderBy('sort_order').orderBy('room_id').execute();
  return rows.map(toRoom);
}

export async function findRoom(db: Kysely<Database>, roomId: string): Promise<RoomRow | null> {
  const row = await db.selectFrom('rooms').selectAll().where('room_id', '=', roomId).executeTakeFirst();
  return row ? toRoom(row) : null;
}

export async function insertRoom(db: Kysely<Database>, room: RoomRow): Promise<void> {
  await db.insertInto('rooms').values({ room_id: room.roomId, name: room.name, sort_order: room.sortOrder }).execute();
}

/** The sort order after the last room, so a new room joins the end of the board. */
export async function nextRoomSortOrder(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('rooms')
    .select((eb) => eb.fn.max('sort_order').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function updateRoom(
  db: Kysely<Database>,
  roomId: string,
  changes: { name?: string; retiredAt?: number | null },
): Promise<void> {
  await db
    .updateTable('rooms')
    // Kysely leaves out a column set to undefined: only the changes given are written.
    .set({ name: changes.name, retired_at: changes.retiredAt })
    .where('room_id', '=', roomId)
    .execute();
}
