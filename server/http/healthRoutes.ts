import { Router } from 'express';
import { monotonicNow } from '../clock';
import type { Store } from '../store/store';
import { storeFailureReason } from '../store/errors';
import { withinMs } from '../timeout';

/** While healthy, /readyz re-checks that writes work at most this often (a write probe costs an fsync). */
export const HEALTHY_PROBE_INTERVAL_MS = 1_000;
/** /readyz waits at most this long for the store's answer: a store that hangs is not ready. */
export const STORE_ANSWER_TIMEOUT_MS = 5_000;
/** A command waiting this long for its commit means writes are stuck (a lock held, a link dropping packets). */
export const STUCK_COMMIT_MS = 10_000;

/** `promise`, or a rejection once the store has not answered in `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withinMs(promise, ms, `The store did not answer within ${ms / 1000} s`);
}

export interface HealthChecks {
  /** Why the server is not ready yet (start-up still running), or null once it has finished. */
  starting?: () => string | null;
  /** True once a graceful stop has begun (the listeners close next). */
  stopping?: () => boolean;
  /** A problem that leaves the server serving (ready, 200) but worth reporting, or null. */
  degraded?: () => string | null;
}

/**
 * /healthz: the process is up. /readyz: start-up has finished and the store answers (within
 * 5 s) AND takes writes (no command has waited 10 s for its commit). 503 with the reason when it does not: "The data disk is full", "The data folder is
 * read-only", "Starting up"... A problem seen by any command is re-probed on each call, so
 * /readyz turns ready again as soon as space or permission returns, without a restart. A degraded
 * server (Redis unreachable: its screens are served, other processes' commits are not relayed)
 * answers 200 with `status: "degraded"` and the reason, so a load balancer keeps sending traffic.
 */
export function healthRoutes(store: Store, checks: HealthChecks = {}): Router {
  const router = Router();
  let lastProbeAt = -Infinity;
  let probing: Promise<unknown> | null = null;

  async function probe(): Promise<void> {
    const due = store.health.current() !== null || monotonicNow() - lastProbeAt >= HEALTHY_PROBE_INTERVAL_MS;
    if (!due) return;
    // Concurrent /readyz calls share one probe.
    probing ??= store
      .probeWrite()
      .catch(() => undefined) // The failure is recorded in store.health by the store itself.
      .finally(() => {
        lastProbeAt = monotonicNow();
        probing = null;
      });
    await probing;
  }

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, status: 'up' });
  });
  router.get('/readyz', async (_req, res) => {
    if (checks.stopping?.()) return res.status(503).json({ ok: false, status: 'stopping', reason: 'Stopping' });
    const starting = checks.starting?.() ?? null;
    if (starting) return res.status(503).json({ ok: false, status: 'starting', reason: starting });
    try {
      await within(store.ping(), STORE_ANSWER_TIMEOUT_MS);
    } catch (error) {
      const reason = storeFailureReason(error) ?? (error instanceof Error ? error.message : 'The store does not answer');
      return res.status(503).json({ ok: false, store: 'unavailable', reason });
    }
    const waitedMs = store.commits.oldestWaitMs();
    if (waitedMs >= STUCK_COMMIT_MS) {
      return res.status(503).json({
        ok: false,
        store: 'not_committing',
        reason: `Writes are not completing: the oldest has waited ${Math.round(waitedMs / 1000)} s (a lock held, or a store that stopped answering)`,
      });
    }
    try {
      await within(probe(), STORE_ANSWER_TIMEOUT_MS);
    } catch (error) {
      return res.status(503).json({ ok: false, store: 'unavailable', reason: (error as Error).message });
    }
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
    const degraded = checks.degraded?.() ?? null;
    if (degraded) return res.json({ ok: true, status: 'degraded', store: 'ready', dialect: store.dialect, reason: degraded });
    res.json({ ok: true, status: 'ready', store: 'ready', dialect: store.dialect });
  });
  return router;
}
