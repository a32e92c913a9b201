import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AuthService } from '../auth/authService';
import { bindSignIn, recheckSignIn, socketAuthentication } from './socketAuth';
import type { Config } from '../config';
import { createRateLimiter } from './rateLimit';
import { registerRequests } from './registerRequests';
import { requestHandlers, type RealtimeDeps } from './requestHandlers';
import type { VigilServer } from './types';

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
  clientAddress: (req: IncomingMessage) => string | null = (req) => req.socket.remoteAddress ?? null,
): VigilServer {
  const handlers = requestHandlers(deps);
  const io: VigilServer = new Server(httpServer, {
    // Large enough for any command, small enough that a hostile client cannot make us buffer megabytes.
    maxHttpBufferSize: config.maxMessageBytes,
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host)),
    connectionStateRecovery: undefined,
  });

  io.use(socketAuthentication(io, config, auth, clientAddress, logError));

  io.on('connection', (socket) => {
    bindSignIn(socket, () => auth.now());
    void recheckSignIn(socket, auth, logError);
    const limiter = createRateLimiter(config.commandsPerSecond);
    registerRequests(socket, { takeToken: () => limiter.take(), logError }, deps, handlers);
  });

  return io;
}
