import type { LiveSignIns } from '../auth/liveSignIns';
import { rooms, type VigilServer } from './types';

/**
 * Ends live connections through the Socket.IO rooms `auth:<token hash>` and `user:<user id>`;
 * with REDIS_URL set the adapter carries the disconnect to every process, so a person disabled
 * on one server is cut off on all of them.
 */
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
