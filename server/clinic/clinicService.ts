import { monotonicNow } from '../clock';
import { summarizeRoom, type BedsidePresence, type RoomSummary } from '../../shared/clinic/rooms';
import type { Protocol } from '../../shared/protocols/schema';
import { isOpenPhase } from '../../shared/session/phases';
import type { SessionState } from '../../shared/session/state';
import type { SessionService } from '../sessions/sessionService';
import { listRooms, type RoomRow } from '../store/rooms';
import { listOpenSessions, openSessionIdsInRoom, openSessionIdsOfPatient, type OpenSessionRow } from '../store/sessions';
import type { Store } from '../store/store';

/** Rooms and which session each is running; builds the compact summaries the clinic page and the board show. */
export interface ClinicService {
  listRooms(): Promise<RoomRow[]>;
  summaries(): Promise<RoomSummary[]>;
  /** The room of the session's state: with that session while it is open, as the room is now once it has closed. */
  summaryFor(state: SessionState): Promise<RoomSummary | null>;
  /**
   * The session running in a room: the newest one not yet closed whose phase is still open (a
   * session discharged a moment ago may not be marked closed yet). The one rule for routing a
   * monitor's readings and for refusing a second session in the room.
   */
  runningSession(roomId: string): Promise<SessionState | null>;
  /** A patient's running session, in whichever room (null when none). */
  runningSessionOfPatient(patientId: string): Promise<SessionState | null>;
  /** The same, from the room's open session ids as just read (newest first: `openSessionIdsInRoom`, `lookUpReading`). */
  runningSessionAmong(openSessionIds: readonly string[]): Promise<SessionState | null>;
  /** Drops the cached room list (an admin added, renamed or retired a room). */
  forgetRooms(): void;
  /** The summary of one room as it is now (null when it does not exist). */
  summaryOfRoom(roomId: string): Promise<RoomSummary | null>;
  /** Where summaries find how many bedside screens watch a session (set by the broadcaster). */
  usePresence(presence: (sessionId: string) => BedsidePresence | null): void;
  /**
   * The snapshot a clinic screen starts from: `summaries()` as this process's board feed has
   * sent them, with each room's update version, so the changes it sends next build on it.
   */
  boardSnapshot(): Promise<BoardSnapshot>;
  /** How the board feed turns the rooms as they are into what it has sent (set by the broadcaster). */
  useBoardView(view: BoardView): void;
}

/** A room as it is now: its running session, and its summary, built only if asked for. */
export interface CurrentRoom {
  roomId: string;
  sessionId: string | null;
  summarize(): RoomSummary;
}

/** Synchronous: the snapshot is answered with no wait after it, so no update can leave in between. */
export type BoardView = (rooms: readonly CurrentRoom[]) => BoardSnapshot;

export interface BoardSnapshot {
  rooms: RoomSummary[];
  /** Per room, the version of the update its summary is (rooms not sent by the feed yet have none). */
  versions: Record<string, number>;
}

/** How long the room list is reused: rooms change only through admin work, summaries are sent per commit. */
const ROOM_CACHE_MS = 5_000;

/** The newest open session in the room is its current one. */
function currentIn(open: OpenSessionRow[], roomId: string): string | null {
  return open.filter((row) => row.roomId === roomId).at(-1)?.sessionId ?? null;
}

export function createClinicService(store: Store, sessions: SessionService): ClinicService {
  let cachedRooms: { rows: RoomRow[]; at: number } | null = null;
  let presenceOf: (sessionId: string) => BedsidePresence | null = () => null;
  let boardView: BoardView = (current) => ({ rooms: current.map((room) => room.summarize()), versions: {} });

  async function rooms(): Promise<RoomRow[]> {
    // Monotonic time, not the server clock: this only limits store reads (tests may run a fake clock).
    if (cachedRooms && monotonicNow() - cachedRooms.at < ROOM_CACHE_MS) return cachedRooms.rows;
    const rows = await listRooms(store.db);
    cachedRooms = { rows, at: monotonicNow() };
    return rows;
  }
  async function roomById(roomId: string) {
    const found = (await rooms()).find((room) => room.roomId === roomId);
    if (found) return found;
    // A room added since the cache was filled.
    cachedRooms = null;
    return (await rooms()).find((room) => room.roomId === roomId) ?? null;
  }
  // Every monitor reading asks this: one indexed read of the room's open session ids (shared by
  // every process on PostgreSQL, so nothing to invalidate), then the cached states.
  async function runningSession(roomId: string): Promise<SessionState | null> {
    return runningSessionAmong(await openSessionIdsInRoom(store.db, roomId));
  }
  async function runningSessionOfPatient(patientId: string): Promise<SessionState | null> {
    return runningSessionAmong(await openSessionIdsOfPatient(store.db, patientId));
  }
  async function runningSessionAmong(openSessionIds: readonly string[]): Promise<SessionState | null> {
    for (const sessionId of openSessionIds) {
      const state = await sessions.getState(sessionId);
      if (state && isOpenPhase(state.phase)) return state;
    }
    return null;
  }
  function summarizeNow(room: RoomRow, state: SessionState | null, protocol: Protocol | null): RoomSummary {
    const summary = summarizeRoom({ roomId: room.roomId, roomName: room.name }, state, protocol);
    const bedside = state ? presenceOf(state.sessionId) : null;
    return bedside ? { ...summary, bedside } : summary;
  }
  async function summarize(room: RoomRow, state: SessionState | null): Promise<RoomSummary> {
    const protocol = state ? await sessions.getProtocol(state.sessionId) : null;
    return summarizeNow(room, state, protocol);
  }
  /** Every room with its running session's state and protocol: all a summary needs, read before any is built. */
  async function currentRooms(): Promise<CurrentRoom[]> {
    const [rows, open] = await Promise.all([listRooms(store.db), listOpenSessions(store.db)]);
    return Promise.all(
      rows.map(async (room) => {
        const sessionId = currentIn(open, room.roomId);
        const state = sessionId ? await sessions.getState(sessionId) : null;
        const protocol = state ? await sessions.getProtocol(state.sessionId) : null;
        return { roomId: room.roomId, sessionId: state?.sessionId ?? null, summarize: () => summarizeNow(room, state, protocol) };
      }),
    );
  }
  async function summaries(): Promise<RoomSummary[]> {
    return (await currentRooms()).map((room) => room.summarize());
  }
  return {
    listRooms: () => listRooms(store.db),
    runningSession,
    runningSessionOfPatient,
    runningSessionAmong,
    forgetRooms() {
      cachedRooms = null;
    },
    async summaryOfRoom(roomId) {
      const room = await roomById(roomId);
      if (!room) return null;
      return summarize(room, await runningSession(roomId));
    },
    usePresence(presence) {
      presenceOf = presence;
    },
    summaries,
    async boardSnapshot() {
      // Taken after every read, with no wait before the screen is answered; a summary is built
      // only for a room the feed has not sent as it is (the others are what the feed sent).
      return boardView(await currentRooms());
    },
    useBoardView(view) {
      boardView = view;
    },
    async summaryFor(state) {
      const room = await roomById(state.roomId);
      if (!room) return null;
      if (isOpenPhase(state.phase)) return summarize(room, state);
      // A discharged or ended session has left its room (its closing event's transaction freed
      // it), and an amendment to it later must not cover the next patient's tile: the room as
      // it is now, as a screen starting to watch would get it.
      return summarize(room, await runningSession(room.roomId));
    },
  };
}
