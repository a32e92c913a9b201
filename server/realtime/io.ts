import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { SESSION_COOKIE } from '../../shared/http/api';
import type { AuthService } from '../auth/authService';
import { readCookie } from '../auth/tokens';
import type { Config } from '../config';
import { createRateLimiter } from './rateLimit';
import { registerRequests } from './registerRequests';
import { requestHandlers, type RealtimeDeps } from './requestHandlers';
import { rooms, type VigilServer } from './types';

/** Same-origin only: a browser page from another site may not open a socket with our cookie. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true; // Non-browser clients (tests, gateways) send no Origin.
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function createIo(
  httpServer: HttpServer,
  config: Config,
  auth: AuthService,
  deps: RealtimeDeps,
  logError: (error: unknown) => void,
): VigilServer {
  const handlers = requestHandlers(deps);
  const io: VigilServer = new Server(httpServer, {
    // Large enough for any command, small enough that a hostile client cannot make us buffer megabytes.
    maxHttpBufferSize: config.maxMessageBytes,
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host)),
    connectionStateRecovery: undefined,
  });

  io.use(async (socket, next) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const found = await auth.authenticate(token);
      if (!found) return next(new Error('unauthenticated'));
      const open = io.sockets.adapter.rooms.get(rooms.user(found.user.userId))?.size ?? 0;
      if (open >= config.maxSocketsPerUser) return next(new Error('too_many_connections'));
      socket.data.user = found.user;
      socket.data.tokenHash = found.tokenHash;
      socket.data.remoteAddress = socket.handshake.address || null;
      socket.data.viewsAudited = new Set();
      next();
    } catch (error) {
      logError(error);
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    void socket.join([rooms.auth(socket.data.tokenHash), rooms.user(socket.data.user.userId)]);
    const limiter = createRateLimiter(config.commandsPerSecond);
    registerRequests(socket, { takeToken: () => limiter.take(), logError }, deps, handlers);
  });

  return io;
}
