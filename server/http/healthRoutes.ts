import { Router } from 'express';
import type { Store } from '../store/store';
import { storeFailureReason } from '../store/errors';

/** /healthz: the process is up. /readyz: the store answers (503 with the reason if not). */
export function healthRoutes(store: Store, readiness: () => string | null = () => null): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, status: 'up' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      const problem = readiness();
      if (problem) return res.status(503).json({ ok: false, store: 'degraded', reason: problem });
      res.json({ ok: true, store: 'ready', dialect: store.dialect });
    } catch (error) {
      res.status(503).json({ ok: false, store: 'unavailable', reason: storeFailureReason(error) ?? 'The store does not answer' });
    }
  });
  return router;
}
