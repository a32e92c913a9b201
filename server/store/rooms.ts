import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface RoomRow {
  roomId: string;
  name: string;
  sortOrder: number;
}

export async function listRooms(db: Kysely<Database>): Promise<RoomRow[]> {
  const rows = await db.selectFrom('rooms').selectAll().orderBy('sort_order').orderBy('room_id').execute();
  return rows.map((r) => ({ roomId: r.room_id, name: r.name, sortOrder: Number(r.sort_order) }));
}

export async function insertRoom(db: Kysely<Database>, room: RoomRow): Promise<void> {
  await db.insertInto('rooms').values({ room_id: room.roomId, name: room.name, sort_order: room.sortOrder }).execute();
}
