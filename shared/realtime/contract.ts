import type { Result } from '../result';
import type { SessionEvent } from '../session/events';
import type { RoomSummary } from '../clinic/rooms';
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
  /** A room's summary changed (clinic page, prescriber's board). */
  'clinic.room': (room: RoomSummary) => void;
  /** Technical alarm (admins and prescribers): the server's wall clock stepped; null once absorbed. */
  'server.clock': (notice: ServerClockNotice | null) => void;
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
