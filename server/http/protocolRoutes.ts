import { Router } from 'express';
import type { AuthService } from '../auth/authService';
import type { ProtocolCatalog } from '../protocols/catalog';
import { requireUser } from './requireUser';

/** The protocols a session can be opened with (the "open session" form's menu). */
export function protocolRoutes(deps: { auth: AuthService; protocols: ProtocolCatalog }): Router {
  const router = Router();

  router.get('/api/protocols', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    res.json({ ok: true, protocols: await deps.protocols.list() });
  });

  return router;
}
