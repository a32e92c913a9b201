import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../../shared/http/api';
import type { AuthService } from '../auth/authService';
import { readCookie } from '../auth/tokens';
import type { Config } from '../config';
import { rooms, type VigilServer, type VigilSocket } from './types';

/**
 * The Socket.IO handshake's sign-in check: the cookie's sign-in must be valid, the person
 * enabled and not still holding an admin-set password, and under their connection limit.
 * The connection error names why (`unauthenticated`, `password_change_required`, ...).
 */
export function socketAuthentication(
  io: VigilServer,
  config: Config,
  auth: AuthService,
  clientAddress: (req: IncomingMessage) => string | null,
  logError: (error: unknown) => void,
) {
  return async (socket: VigilSocket, next: (error?: Error) => void) => {
    try {
      const found = await auth.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!found) return next(new Error('unauthenticated'));
      if (found.user.mustChangePassword) return next(new Error('password_change_required'));
      const open = io.sockets.adapter.rooms.get(rooms.user(found.user.userId))?.size ?? 0;
      if (open >= config.maxSocketsPerUser) return next(new Error('too_many_connections'));
      socket.data.user = found.user;
      socket.data.tokenHash = found.tokenHash;
      socket.data.signInExpiresAt = found.expiresAt;
      socket.data.remoteAddress = clientAddress(socket.request) ?? (socket.handshake.address || null);
      socket.data.handover = found.handover;
      socket.data.viewsAudited = new Set();
      next();
    } catch (error) {
      logError(error);
      next(new Error('unavailable'));
    }
  };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Joins the rooms admin changes reach (`auth:<token hash>`, `user:<id>`) and closes the socket
 * when its sign-in expires (a timer per socket; the sweeper also purges the sign-in).
 */
export function bindSignIn(socket: VigilSocket, now: () => number): void {
  void socket.join([rooms.auth(socket.data.tokenHash), rooms.user(socket.data.user.userId)]);
  // A wall display's key lasts longer than a timer can wait (2^31 ms, 24.8 days): the sign-in sweeper closes it at expiry.
  // On the sign-in's own real time: Date.now() follows a step of the wall clock, and a forward one closed valid screens.
  const untilExpiryMs = Math.max(0, socket.data.signInExpiresAt - now());
  if (untilExpiryMs > MAX_TIMER_MS) return;
  const timer = setTimeout(() => socket.disconnect(true), untilExpiryMs);
  socket.once('disconnect', () => clearTimeout(timer));
}

/**
 * The handshake's check ran before the socket joined the rooms admin changes reach: a person
 * disabled, demoted, signed out or revoked in between was closed before this socket was there to
 * close. Checked once more now that it has joined (a change after this read reaches it through
 * the rooms); a sign-in no longer valid as it was is closed, and the browser reconnects afresh.
 */
export async function recheckSignIn(socket: VigilSocket, auth: AuthService, logError: (error: unknown) => void): Promise<void> {
  try {
    const found = await auth.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
    const same = found !== null && found.tokenHash === socket.data.tokenHash && found.user.role === socket.data.user.role;
    if (!same || found.user.mustChangePassword) socket.disconnect(true);
  } catch (error) {
    logError(error);
    socket.disconnect(true);
  }
}
