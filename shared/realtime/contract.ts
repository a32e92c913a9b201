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
   * Rooms' summaries changed (clinic page, prescriber's board): the compact summaries of the
   * rooms due now, at most a few a second per room, newest last; an alarm change at once. A
   * session's `trend` only when it changed since the room's previous update of that session:
   * without it, the screen keeps the trend it holds for that session.
   */
  'clinic.rooms': (rooms: RoomUpdate[]) => void;
  /** Technical alarm (admins and prescribers): the server's wall clock stepped; null once absorbed. */
  'server.clock': (notice: ServerClockNotice | null) => void;
}

/** What each server event carries, in a sentence (the README's API notes). */
export const SERVER_EVENT_NOTES = {
  'session.event': 'a committed event of a watched session',
  'clinic.rooms':
    "the compact summaries of rooms that changed, to clinic screens: at most one per room every `VIGIL_BOARD_UPDATE_MS` (the newest last), an alarm raised, acknowledged or cleared at once; a session's `trend` (the last hour, a point per 2 minutes) only when it differs from the one the room's previous update carried for the same session: without it, keep the trend held for that session",
  'server.clock': "the server's wall clock stepped (technical alarm), null once absorbed",
} as const satisfies Record<keyof ServerToClientEvents, string>;

/**
 * The server's wall clock jumped by `stepMs` (signed: negative is backward). Clinical time did
 * not jump; it is converging on the wall clock, `remainingMs` (clinical minus wall) still to go.
 */
export interface ServerClockNotice {
  stepMs: number;
  detectedAt: number;
  remainingMs: number;
}
