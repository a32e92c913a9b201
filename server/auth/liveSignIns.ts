import { rooms, type VigilServer } from '../realtime/types';

/**
 * Ends live connections when a sign-in stops being valid. Sockets sit in the Socket.IO rooms
 * `auth:<token hash>` and `user:<user id>`; with REDIS_URL set the adapter carries the
 * disconnect to every process, so a person disabled on one server is cut off on all of them.
 * A closed browser reconnects only if its cookie is still good (and then with the new role).
 */
export interface LiveSignIns {
  endUser(userId: string): void;
  endSignIns(tokenHashes: readonly string[]): void;
}

export function liveSignInsOf(io: () => VigilServer | null): LiveSignIns {
  return {
    endUser(userId) {
      io()?.in(rooms.user(userId)).disconnectSockets(true);
    },
    endSignIns(tokenHashes) {
      const server = io();
      if (!server || tokenHashes.length === 0) return;
      server.in(tokenHashes.map((hash) => rooms.auth(hash))).disconnectSockets(true);
    },
  };
}
