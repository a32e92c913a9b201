import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRefusalThrottle } from '../../../server/devices/securityEvents';

const HOUR = 3_600_000;

describe('the refusal throttle (one security event per address and code a window)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts its window on real time: a backward step of the wall clock does not silence refusals for an hour', async () => {
    const wall = Date.now;
    let stepMs = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => wall() + stepMs);
    const throttle = createRefusalThrottle(undefined, 50);
    expect(throttle.admit('10.0.0.9', 'not_allowed')).toBe(true);
    expect(throttle.admit('10.0.0.9', 'not_allowed')).toBe(false);
    stepMs = -HOUR;
    // Once the window has passed in real time, the next refusal is recorded again.
    await expect.poll(() => throttle.admit('10.0.0.9', 'not_allowed'), { timeout: 2_000, interval: 10 }).toBe(true);
  });
});
