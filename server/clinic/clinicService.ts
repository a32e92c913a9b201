import { summarizeRoom, type RoomSummary } from '../../shared/clinic/rooms';
import type { SessionState } from '../../shared/session/state';
import type { SessionService } from '../sessions/sessionService';
import { listRooms, type RoomRow } from '../store/rooms';
import { listOpenSessions } from '../store/sessions';
import type { Store } from '../store/store';

/** Rooms and which session each is running; builds the compact summaries the clinic page shows. */
export interface ClinicService {
  listRooms(): Promise<RoomRow[]>;
  summaries(): Promise<RoomSummary[]>;
  summaryFor(state: SessionState): Promise<RoomSummary | null>;
  /** The open session in a room, if any. */
  currentSessionId(roomId: string): Promise<string | null>;
}

export function createClinicService(store: Store, sessions: SessionService): ClinicService {
  async function roomById(roomId: string) {
    return (await listRooms(store.db)).find((room) => room.roomId === roomId) ?? null;
  }
  async function currentSessionId(roomId: string) {
    const open = await listOpenSessions(store.db);
    // The newest open session in the room is its current one.
    return open.filter((s) => s.roomId === roomId).at(-1)?.sessionId ?? null;
  }
  return {
    listRooms: () => listRooms(store.db),
    currentSessionId,
    async summaries() {
      const [rooms, open] = await Promise.all([listRooms(store.db), listOpenSessions(store.db)]);
      return Promise.all(
        rooms.map(async (room) => {
          const sessionId = open.filter((s) => s.roomId === room.roomId).at(-1)?.sessionId;
          const state = sessionId ? await sessions.getState(sessionId) : null;
          return summarizeRoom({ roomId: room.roomId, roomName: room.name }, state);
        }),
      );
    },
    async summaryFor(state) {
      const room = await roomById(state.roomId);
      if (!room) return null;
      return summarizeRoom({ roomId: room.roomId, roomName: room.name }, state);
    },
  };
}
