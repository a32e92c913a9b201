import { Router, type Request, type Response } from 'express';
import { ownPasswordRequestSchema, wallSignInRequestSchema } from '../../shared/admin/api';
import { loginRequestSchema, SESSION_COOKIE } from '../../shared/http/api';
import { HANDED_OVER_MESSAGE } from '../../shared/questionnaires/handover';
import { fail } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import type { Authenticated, AuthService } from '../auth/authService';
import type { LiveSignIns } from '../auth/liveSignIns';
import { readCookie } from '../auth/tokens';
import type { Clock } from '../clock';
import { changeOwnPassword } from '../commands/admin/account';
import type { Config } from '../config';
import type { Store } from '../store/store';
import { sendFailure } from './respond';
import { actingContext, requireUser } from './requireUser';

export interface AuthRouteDeps {
  config: Config;
  auth: AuthService;
  live: LiveSignIns;
  store: Store;
  clock: Clock;
  clientAddress: (req: Request) => string | null;
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const { config, auth } = deps;
  const router = Router();

  function cookie(token: string, maxAgeSeconds: number): string {
    const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
    if (config.secureCookies) parts.push('Secure');
    return parts.join('; ');
  }

  router.post('/api/auth/login', async (req, res) => {
    const parsed = parseInput(loginRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await auth.signIn(parsed.value.username, parsed.value.password, deps.clientAddress(req));
    if (!result.ok) return sendFailure(res, result);
    res.setHeader('Set-Cookie', cookie(result.token, config.authSessionHours * 3600));
    res.json({ ok: true, user: result.user });
  });

  // A wall display opened with its key (`/wall#key=…`, the fragment never reaches a server log).
  router.post('/api/auth/wall', async (req, res) => {
    const parsed = parseInput(wallSignInRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await auth.signInWithWallKey(parsed.value.key, deps.clientAddress(req));
    if (!result.ok) return sendFailure(res, result);
    res.setHeader('Set-Cookie', cookie(result.token, Math.max(0, Math.floor((result.expiresAt - auth.now()) / 1000))));
    res.json({ ok: true, user: result.user });
  });

  router.post('/api/auth/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    // The patient holding a handed-over tablet does not sign it out: a staff member takes it back.
    if ((await auth.authenticate(token))?.handover) return sendFailure(res, fail('forbidden', HANDED_OVER_MESSAGE));
    if (token) {
      const tokenHash = await auth.signOut(token, deps.clientAddress(req));
      // Signing out ends this browser's live connections too.
      deps.live.endSignIns([tokenHash]);
    }
    res.setHeader('Set-Cookie', cookie('', 0));
    res.json({ ok: true });
  });

  // Before sign-in too: the login page of a demo must say it is one.
  router.get('/api/mode', (_req, res) => {
    res.json({ ok: true, demo: config.demo });
  });

  // Who this browser is, and whether its tablet is with the patient (the screen then shows only the questionnaire).
  router.get('/api/me', requireUser(auth, undefined, { whilePasswordMustChange: true, whileHandedOver: true }), (_req, res) => {
    const handover = (res.locals.signIn as Authenticated).handover;
    res.json({ ok: true, user: res.locals.user, ...(handover ? { handover } : {}) });
  });

  // A staff member takes the handed-over tablet back with their own sign-in (AuthService.endHandover):
  // the patient's screen ends, and this browser is signed in as that staff member.
  router.post('/api/handover/end', requireUser(auth, undefined, { whileHandedOver: true }), async (req, res) => {
    const parsed = parseInput(loginRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await auth.endHandover(
      res.locals.signIn as Authenticated,
      parsed.value.username,
      parsed.value.password,
      deps.clientAddress(req),
    );
    if (!result.ok) return sendFailure(res, result);
    res.setHeader('Set-Cookie', cookie(result.token, config.authSessionHours * 3600));
    // The patient's connections end with the locked sign-in.
    deps.live.endSignIns([result.endedTokenHash]);
    res.json({ ok: true, user: result.user });
  });

  router.post('/api/account/password', requireUser(auth, undefined, { whilePasswordMustChange: true }), async (req, res: Response) => {
    const parsed = parseInput(ownPasswordRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const ctx = {
      ...actingContext(deps, req, res),
      auth,
      live: deps.live,
    };
    const result = await changeOwnPassword(ctx, res.locals.tokenHash as string, parsed.value);
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  return router;
}
