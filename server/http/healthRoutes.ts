import { Router } from 'express';
import type { Store } from '../store/store';
import { storeFailureReason } from '../store/errors';

/** While healthy, /readyz re-checks that writes work at most this often (a write probe costs an fsync). */
export const HEALTHY_PROBE_INTERVAL_MS = 1_000;

/**
 * /healthz: the process is up. /readyz: the store answers AND takes writes. 503 with the
 * reason when it does not: "The data disk is full", "The data folder is read-only"...
 * A problem seen by any command is re-probed on each call, so /readyz turns ready again
 * as soon as space or permission returns, without a restart.
 */
export function healthRoutes(store: Store, readiness: () => string | null = () => null): Router {
  const router = Router();
  let lastProbeAt = 0;
  let probing: Promise<unknown> | null = null;

  async function probe(): Promise<void> {
    const due = store.health.current() !== null || Date.now() - lastProbeAt >= HEALTHY_PROBE_INTERVAL_MS;
    if (!due) return;
    // Concurrent /readyz calls share one probe.
    probing ??= store
      .probeWrite()
      .catch(() => undefined) // The failure is recorded in store.health by the store itself.
      .finally(() => {
        lastProbeAt = Date.now();
        probing = null;
      });
    await probing;
  }

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, status: 'up' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
    } catch (error) {
      return res.status(503).json({ ok: false, store: 'unavailable', reason: storeFailureReason(error) ?? 'The store does not answer' });
    }
    await probe();
    const problem = store.health.current();
    if (problem) {
      return res.status(503).json({
        ok: false,
        store: 'refusing_writes',
        reason: problem.reason,
        code: problem.code,
        since: problem.since,
        failures: problem.failures,
      });
    }
    const other = readiness();
    if (other) return res.status(503).json({ ok: false, store: 'degraded', reason: other });
    res.json({ ok: true, store: 'ready', dialect: store.dialect });
  });
  return router;
}
