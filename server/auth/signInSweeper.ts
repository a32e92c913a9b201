import type { AuthService } from './authService';
import type { LiveSignIns } from './liveSignIns';

/** How often expired sign-ins are purged (their sockets already closed at expiry, on their own timers). */
export const SIGN_IN_SWEEP_MS = 60_000;

/**
 * Purges expired sign-ins from the store (audited) and closes any socket still in their rooms,
 * on every process. Runs once at start-up and then every minute.
 */
export function startSignInSweeper(
  auth: AuthService,
  live: LiveSignIns,
  logError: (error: unknown) => void,
  intervalMs = SIGN_IN_SWEEP_MS,
) {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= auth
      .purgeExpired()
      .then((ended) => live.endSignIns(ended))
      .catch(logError)
      .finally(() => {
        running = null;
      });
    return running;
  };
  void sweep();
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
