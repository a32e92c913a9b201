import type { Server, Socket } from 'socket.io';
import type { CurrentUser } from '../../shared/http/api';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime/contract';

export interface SocketData {
  user: CurrentUser;
  tokenHash: string;
  remoteAddress: string | null;
  /** Sessions this socket watches, for the audit log and reconnect bookkeeping. */
  watching: Set<string>;
}

export type VigilServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type VigilSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  clinic: 'clinic',
  auth: (tokenHash: string) => `auth:${tokenHash}`,
  user: (userId: string) => `user:${userId}`,
} as const;
