/**
 * A token bucket per connection: `perSecond` commands a second on average, bursts up to
 * twice that. Pure apart from the injected clock.
 */
export function createRateLimiter(perSecond: number, now: () => number) {
  const capacity = perSecond * 2;
  let tokens = capacity;
  let last = now();
  return {
    take(): boolean {
      const current = now();
      tokens = Math.min(capacity, tokens + ((current - last) / 1000) * perSecond);
      last = current;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
