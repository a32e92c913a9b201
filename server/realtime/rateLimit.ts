import { monotonicNow } from '../clock';

/**
 * A token bucket per connection: `perSecond` commands a second on average, bursts up to
 * twice that. Pure apart from the injected clock, which is monotonic by default: a step of
 * the wall clock must neither refuse every screen (backward) nor lift the limit (forward).
 */
export function createRateLimiter(perSecond: number, now: () => number = monotonicNow) {
  const capacity = perSecond * 2;
  let tokens = capacity;
  let last = now();
  return {
    take(): boolean {
      const current = now();
      // A source that ran backwards adds nothing and takes nothing away.
      tokens = Math.min(capacity, tokens + (Math.max(0, current - last) / 1000) * perSecond);
      last = current;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
