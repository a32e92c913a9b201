import { monotonicNow } from '../clock';
import { Router, type Request } from 'express';
import { loginRequestSchema, SESSION_COOKIE } from '../../shared/http/api';
import { fail } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import { readCookie } from '../auth/tokens';
import type { Config } from '../config';
import { rooms, type VigilServer } from '../realtime/types';
import { sendFailure } from './respond';
import { requireUser } from './requireUser';

// Failed sign-ins allowed per address and username in a window, to slow password guessing.
const MAX_FAILED_SIGN_INS = 10;
const FAILED_WINDOW_MS = 15 * 60_000;

function remoteAddress(req: Request): string | null {
  return req.socket.remoteAddress ?? null;
}

export function authRoutes(config: Config, auth: AuthService, io: () => VigilServer | null): Router {
  const router = Router();
  const failures = new Map<string, { count: number; since: number }>();

  function cookie(token: string, maxAgeSeconds: number): string {
    const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
    if (config.secureCookies) parts.push('Secure');
    return parts.join('; ');
  }

  router.post('/api/auth/login', async (req, res) => {
    const parsed = parseInput(loginRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const key = `${remoteAddress(req)}|${parsed.value.username.toLowerCase()}`;
    const record = failures.get(key);
    // Monotonic: a step of the wall clock must neither lock people out nor lift the lock.
    const now = monotonicNow();
    if (record && now - record.since < FAILED_WINDOW_MS && record.count >= MAX_FAILED_SIGN_INS) {
      return sendFailure(res, fail('rate_limited', 'Too many failed sign-ins — wait 15 minutes or ask an admin'));
    }
    const result = await auth.signIn(parsed.value.username, parsed.value.password, remoteAddress(req));
    if (!result) {
      const fresh = !record || now - record.since >= FAILED_WINDOW_MS;
      failures.set(key, { count: fresh ? 1 : record.count + 1, since: fresh ? now : record.since });
      return sendFailure(res, fail('unauthenticated', 'Wrong username or password'));
    }
    failures.delete(key);
    res.setHeader('Set-Cookie', cookie(result.token, config.authSessionHours * 3600));
    res.json({ ok: true, user: result.user });
  });

  router.post('/api/auth/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) {
      const tokenHash = await auth.signOut(token);
      // Signing out ends this browser's live connections too.
      io()?.in(rooms.auth(tokenHash)).disconnectSockets(true);
    }
    res.setHeader('Set-Cookie', cookie('', 0));
    res.json({ ok: true });
  });

  // Before sign-in too: the login page of a demo must say it is one.
  router.get('/api/mode', (_req, res) => {
    res.json({ ok: true, demo: config.demo });
  });

  router.get('/api/me', requireUser(auth), (_req, res) => {
    res.json({ ok: true, user: res.locals.user });
  });

  return router;
}
