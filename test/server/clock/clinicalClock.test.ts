import { describe, expect, it } from 'vitest';
import { createClock, SLEW_FRACTION, STEP_THRESHOLD_MS, type ClockStep } from '../../../server/clock';
import { createRateLimiter } from '../../../server/realtime/rateLimit';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const HOUR = 3_600_000;

/** Monotonic and wall time the test moves by hand; `stepWall` is an operator or NTP setting the clock. */
function sources() {
  let mono = 0;
  let step = 0;
  return {
    mono: () => mono,
    wall: () => T0 + mono + step,
    advance: (ms: number) => (mono += ms),
    stepWall: (ms: number) => (step += ms),
    trueNow: () => T0 + mono,
  };
}

/** A real-time clock on hand-moved `sources()`, with every step it reports collected in `steps`. */
function watchedClock() {
  const time = sources();
  const clock = createClock(1, 0, time);
  const steps: ClockStep[] = [];
  clock.onStep((step) => steps.push(step));
  return { time, clock, steps };
}

describe('the clinical clock', () => {
  it('follows the wall clock while it does not step', () => {
    const time = sources();
    const clock = createClock(1, 0, time);
    expect(clock.now()).toBe(T0);
    time.advance(90_000);
    expect(clock.now()).toBe(T0 + 90_000);
    expect(clock.notice()).toBeNull();
  });

  it('a backward step of an hour is reported, does not move "now", and is absorbed by slewing without ever going back', () => {
    const { time, clock, steps } = watchedClock();
    time.advance(1_000);
    time.stepWall(-HOUR);
    expect(clock.now()).toBe(time.trueNow());
    expect(steps).toEqual([{ stepMs: -HOUR, detectedAt: time.trueNow() }]);
    expect(clock.notice()).toMatchObject({ stepMs: -HOUR, remainingMs: HOUR });
    // One real minute later clinical time moved 1% less than a minute: slewing, not jumping.
    let previous = clock.now();
    time.advance(60_000);
    expect(clock.now() - previous).toBe(60_000 * (1 - SLEW_FRACTION));
    expect(steps).toHaveLength(1);
    // It converges on the wall clock and then follows it; the notice clears.
    for (let minute = 0; minute < 100 * 60 + 10; minute += 1) {
      time.advance(60_000);
      const now = clock.now();
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
    expect(clock.now()).toBe(time.wall());
    expect(clock.notice()).toBeNull();
  });

  it('a forward step of an hour is reported and absorbed: a minute of real time is at most 1% more than a minute', () => {
    const { time, clock, steps } = watchedClock();
    time.stepWall(HOUR);
    expect(clock.now()).toBe(T0);
    expect(steps.map((step) => step.stepMs)).toEqual([HOUR]);
    time.advance(60_000);
    expect(clock.now()).toBe(T0 + 60_000 * (1 + SLEW_FRACTION));
    expect(clock.notice()).toMatchObject({ stepMs: HOUR, remainingMs: -(HOUR - 600) });
  });

  it('a disagreement at or under the step threshold is drift: slewed without a notice; just over it is a step', () => {
    const { time, clock, steps } = watchedClock();
    time.stepWall(STEP_THRESHOLD_MS);
    clock.now();
    expect(steps).toEqual([]);
    time.stepWall(STEP_THRESHOLD_MS + 1);
    clock.now();
    expect(steps.map((step) => step.stepMs)).toEqual([STEP_THRESHOLD_MS + 1]);
  });

  it('starts no earlier than the last stored time, and a sped-up clock reports steps without following them', () => {
    const time = sources();
    expect(createClock(1, T0 + HOUR, time).now()).toBe(T0 + HOUR);
    const demo = createClock(10, 0, time);
    time.advance(1_000);
    expect(demo.now()).toBe(T0 + 10_000);
    time.stepWall(-HOUR);
    time.advance(1_000);
    expect(demo.now()).toBe(T0 + 20_000);
    expect(demo.notice()).toMatchObject({ stepMs: -HOUR, remainingMs: 0 });
  });

  it('one time source moving by itself (a test moving time) is followed exactly, with no step reported', () => {
    let now = T0;
    const clock = createClock(1, 0, () => now);
    const steps: ClockStep[] = [];
    clock.onStep((step) => steps.push(step));
    now += 125 * 60_000;
    expect(clock.now()).toBe(T0 + 125 * 60_000);
    expect(steps).toEqual([]);
  });
});

describe('the rate limiter', () => {
  it('keeps serving after its time source runs back an hour (each second still refills a second of commands)', () => {
    let now = 0;
    const limiter = createRateLimiter(5, () => now);
    for (let i = 0; i < 10; i += 1) expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
    now -= HOUR;
    expect(limiter.take()).toBe(false);
    now += 1_000;
    for (let i = 0; i < 5; i += 1) expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
  });

  it('a forward jump refills no more than the burst', () => {
    let now = 0;
    const limiter = createRateLimiter(5, () => now);
    for (let i = 0; i < 10; i += 1) limiter.take();
    now += HOUR;
    for (let i = 0; i < 10; i += 1) expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
  });
});
