import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface RoomRow {
  roomId: string;
  name: string;
  sortOrder: number;
}

function toRoom(row: Database['rooms']): RoomRow {
  return { roomId: row.room_id, name: row.name, sortOrder: Number(row.sort_order) };
}

export async function listRooms(db: Kysely<Database>): Promise<RoomRow[]> {
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
