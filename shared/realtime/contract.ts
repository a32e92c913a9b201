import type { Result } from '../result';
import type { SessionEvent } from '../session/events';
import type { RoomUpdate } from '../clinic/roomUpdate';
import type { AnswerOf, RequestName } from './commands';

export type { CommandAck, SessionCatchUp } from './commands';

/**
 * The one typed realtime contract, derived from the command table (`commands.ts`). Events are
 * named `resource.verb`. Inbound payloads are typed `unknown` on purpose: the server's one
 * guard parses each with its schema from the table before doing anything else.
 */
export type Ack<T extends object = object> = (result: Result<T>) => void;

export type ClientToServerEvents = {
  [E in RequestName]: (request: unknown, ack: Ack<AnswerOf<E>>) => void;
};

export interface ServerToClientEvents {
  /** A committed event of a session this socket watches. */
  'session.event': (event: SessionEvent) => void;
  /**
   * Rooms changed (clinic page, prescriber's board): the rooms due now, at most a few updates a
   * second per room, newest last; an alarm change at once. An update is the room whole, or (with
   * `base`) the fields of its session that changed since the room's update numbered `base`,
   * which the screen applies over that update only (`fromRoomUpdate`).
   */
  'clinic.rooms': (rooms: RoomUpdate[]) => void;
  /** Technical alarm (admins and prescribers): the server's wall clock stepped; null once absorbed. */
  'server.clock': (notice: ServerClockNotice | null) => void;
  /**
   * Every screen: this server process cannot hear the others (Redis away), so what screens
   * served by another process record may not reach this one; null once it can again.
   */
  'server.delivery': (notice: ServerDeliveryNotice | null) => void;
}

/** What each server event carries, in a sentence (the README's API notes). */
export const SERVER_EVENT_NOTES = {
  'session.event': 'a committed event of a watched session',
  'clinic.rooms':
    "the rooms that changed, to clinic screens: at most one update per room every `VIGIL_BOARD_UPDATE_MS` (the newest last), an alarm raised, acknowledged or cleared at once. Each has a `version` (per room and server process). Without `base` it is the room's whole summary; with `base`, its `session` holds only the fields that changed since the room's update numbered `base` (always `sessionId` and `lastSeq`): apply them over that update of the same session, and if the screen holds another version (it missed one), call `clinic.watch` again. `clinic.watch` answers `{ rooms, versions }`: each room as this process last sent it, and its version",
  'server.clock': "the server's wall clock stepped (technical alarm), null once absorbed",
  'server.delivery':
    "to every screen, with several server processes: `{ pausedSince }` (server time) while this process cannot hear the others (Redis away), so entries made through another process may not reach this screen; null once it can again (the screen's sessions and rooms then catch up)",
} as const satisfies Record<keyof ServerToClientEvents, string>;

/** Cross-process delivery is paused since `pausedSince` (server time). */
export interface ServerDeliveryNotice {
  pausedSince: number;
}

/**
 * The server's wall clock jumped by `stepMs` (signed: negative is backward). Clinical time did
 * not jump; it is converging on the wall clock, `remainingMs` (clinical minus wall) still to go.
 */
export interface ServerClockNotice {
  stepMs: number;
  detectedAt: number;
  remainingMs: number;
}
