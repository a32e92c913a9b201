import { randomUUID } from 'node:crypto';
import type { RoomAdminRow, RoomCreateRequest, RoomUpdateRequest } from '../../../shared/admin/api';
import { fail, type Failure, type Result } from '../../../shared/result';
import type { KeyedLock } from '../../sessions/keyedLock';
import { writeAudit } from '../../store/audit';
import { isUniqueViolation } from '../../store/errors';
import { findRoom, insertRoom, listAllRooms, nextRoomSortOrder, updateRoom, type RoomRow } from '../../store/rooms';
import { listOpenSessions } from '../../store/sessions';
import { adminAudit, type AdminContext } from './adminContext';

export interface RoomAdminContext extends AdminContext {
  /** The lock `session.open` takes per room, so a room is never retired while a session opens in it. */
  roomLock: KeyedLock;
}

function adminRow(room: RoomRow, running: Set<string>): RoomAdminRow {
  return {
    roomId: room.roomId,
    name: room.name,
    sortOrder: room.sortOrder,
    retiredAt: room.retiredAt ?? null,
    running: running.has(room.roomId),
  };
}

async function runningRooms(ctx: Pick<AdminContext, 'store'>): Promise<Set<string>> {
  return new Set((await listOpenSessions(ctx.store.db)).map((row) => row.roomId));
}

/** The lock key every change of a room's name takes (as well as the room's own), so two tiles are never given one name at once. */
const ROOM_NAMES = 'room-names';

/** Names as a person reads them on a board: case and spacing aside. */
function boardName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A refusal when another room still on the board has this name: two tiles named alike would be confused for each other. */
async function nameTaken(ctx: Pick<AdminContext, 'store'>, name: string, roomId: string): Promise<Failure | null> {
  const other = (await listAllRooms(ctx.store.db)).find(
    (room) => room.roomId !== roomId && room.retiredAt == null && boardName(room.name) === boardName(name),
  );
  if (!other) return null;
  const message = `"${other.name}" is already on the board: choose another name`;
  return fail('conflict', message, [{ path: ['name'], message }]);
}

export async function listRoomsForAdmin(ctx: Pick<AdminContext, 'store'>): Promise<RoomAdminRow[]> {
  const [rooms, running] = await Promise.all([listAllRooms(ctx.store.db), runningRooms(ctx)]);
  return rooms.map((room) => adminRow(room, running));
}

/** Adds a room at the end of the board; its id is given (to match a monitor's configuration) or made up. */
export async function createRoom(ctx: RoomAdminContext, request: RoomCreateRequest): Promise<Result<{ room: RoomAdminRow }>> {
  const roomId = request.roomId ?? `room-${randomUUID().slice(0, 8)}`;
  const taken = fail('conflict', `A room with the id "${roomId}" exists`, [{ path: ['roomId'], message: 'Choose another id' }]);
  return ctx.roomLock.run(ROOM_NAMES, async () => {
    if (await findRoom(ctx.store.db, roomId)) return taken;
    const sameName = await nameTaken(ctx, request.name, roomId);
    if (sameName) return sameName;
    try {
      await ctx.store.db.transaction().execute(async (trx) => {
        await insertRoom(trx, { roomId, name: request.name, sortOrder: await nextRoomSortOrder(trx) });
        await writeAudit(trx, adminAudit(ctx, 'room.create', { name: request.name }, { roomId }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) return taken;
      throw error;
    }
    const room = await findRoom(ctx.store.db, roomId);
    return { ok: true as const, room: adminRow(room!, new Set()) };
  });
}

/**
 * Renames a room, retires it or brings it back. Retiring keeps every session's history (the
 * room stays in the store) but takes it off the clinic and the board and refuses new sessions;
 * a room with a session running cannot be retired until that session is closed.
 */
export async function changeRoom(
  ctx: RoomAdminContext,
  roomId: string,
  changes: RoomUpdateRequest,
): Promise<Result<{ room: RoomAdminRow }>> {
  // The room's own lock (session.open takes it), then the names' (createRoom takes only that one): always in this order.
  return ctx.roomLock.run(`room:${roomId}`, () =>
    ctx.roomLock.run(ROOM_NAMES, async () => {
      const room = await findRoom(ctx.store.db, roomId);
      if (!room) return fail('not_found', 'No such room');
      const running = await runningRooms(ctx);
      const retires = changes.retired === true && room.retiredAt == null;
      const restores = changes.retired === false && room.retiredAt != null;
      const renames = changes.name !== undefined && changes.name !== room.name;
      // Already as asked (a second click on Retire, a rename to the name it has): nothing to write.
      if (!retires && !restores && !renames) return { ok: true as const, room: adminRow(room, running) };
      if (retires && running.has(roomId)) {
        return fail('conflict', `${room.name} has a session running: discharge it or end it early before retiring the room`, [
          { path: ['retired'], message: 'A session is running' },
        ]);
      }
      // A room on the board after this change (renamed, brought back) must not share its name with another there.
      const onBoard = restores || (room.retiredAt == null && !retires);
      if (onBoard) {
        const sameName = await nameTaken(ctx, renames ? changes.name! : room.name, roomId);
        if (sameName) return sameName;
      }
      const now = ctx.clock.now();
      await ctx.store.db.transaction().execute(async (trx) => {
        await updateRoom(trx, roomId, { name: renames ? changes.name : undefined, retiredAt: retires ? now : restores ? null : undefined });
        if (renames) await writeAudit(trx, adminAudit(ctx, 'room.rename', { from: room.name, to: changes.name }, { roomId }));
        if (retires) await writeAudit(trx, adminAudit(ctx, 'room.retire', { name: room.name }, { roomId }));
        if (restores) await writeAudit(trx, adminAudit(ctx, 'room.restore', { name: room.name }, { roomId }));
      });
      const updated = await findRoom(ctx.store.db, roomId);
      return { ok: true as const, room: adminRow(updated!, running) };
    }),
  );
}
