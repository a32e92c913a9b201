import type { Server, Socket } from 'socket.io';
import type { CurrentUser } from '../../shared/http/api';
import type { Handover } from '../../shared/questionnaires/handover';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime/contract';
import type { SessionEvent } from '../../shared/session/events';

export interface SocketData {
  user: CurrentUser;
  tokenHash: string;
  /** When the sign-in ends (real time): the socket is closed then. */
  signInExpiresAt: number;
  remoteAddress: string | null;
  /** Set while this sign-in's tablet is with the patient: the guard lets through only the questionnaire. */
  handover: Handover | null;
  /** Sessions whose view this socket has audited already (one audit row per screen and session). */
  viewsAudited: Set<string>;
}

/** Between Vigil processes (through Redis): events one process committed, for the others' caches. */
export interface InterServerEvents {
  'vigil.committed': (events: SessionEvent[]) => void;
  /** A process is back on Redis after a pause: every process reads what it missed from the store. */
  'vigil.resync': () => void;
  /** An admin added or renamed a room: each process sends its clinic screens the room's new summary. */
  'vigil.roomChanged': (roomId: string) => void;
}

export type VigilServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type VigilSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  clinic: 'clinic',
  /** Screens of people who see technical alarms (policy 'server.technicalAlarms'). */
  technical: 'technical',
  auth: (tokenHash: string) => `auth:${tokenHash}`,
  user: (userId: string) => `user:${userId}`,
} as const;
