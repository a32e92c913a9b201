import { Router } from 'express';
import type { CurrentUser } from '../../shared/http/api';
import { idSchema } from '../../shared/ids';
import { fail } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import { writeAudit } from '../store/audit';
import type { Store } from '../store/store';
import { sendFailure } from './respond';
import { requireUser } from './requireUser';

export function clinicRoutes(deps: {
  auth: AuthService;
  clinic: ClinicService;
  sessions: SessionService;
  store: Store;
  clock: Clock;
}): Router {
  const router = Router();

  router.get('/api/rooms', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    res.json({ ok: true, rooms: await deps.clinic.summaries() });
  });

  router.get('/api/sessions/:sessionId', requireUser(deps.auth, 'session.view'), async (req, res) => {
    const parsed = parseInput(idSchema, req.params.sessionId);
    if (!parsed.ok) return sendFailure(res, parsed);
    const state = await deps.sessions.getState(parsed.value);
    if (!state) return sendFailure(res, fail('not_found', 'No such session'));
    const user = res.locals.user as CurrentUser;
    await writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: user.userId,
      action: 'session.view',
      sessionId: state.sessionId,
      remoteAddress: req.ip ?? null,
      detail: { via: 'http' },
    });
    res.json({ ok: true, session: state });
  });

  /** The protocol version the session started with (checklist items, timer, check schedule, alarm limits). */
  router.get('/api/sessions/:sessionId/protocol', requireUser(deps.auth, 'session.view'), async (req, res) => {
    const parsed = parseInput(idSchema, req.params.sessionId);
    if (!parsed.ok) return sendFailure(res, parsed);
    const protocol = await deps.sessions.getProtocol(parsed.value);
    if (!protocol) return sendFailure(res, fail('not_found', 'No such session'));
    res.json({ ok: true, protocol });
  });

  return router;
}
