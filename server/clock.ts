/**
 * The server's clock. Timers, "recorded at" and every rule use it, never Date.now() directly,
 * so tests can inject time and demos can run faster than real time.
 */
export interface Clock {
  now(): number;
  /** Server milliseconds per real millisecond (1 in production). */
  readonly rate: number;
}

/**
 * A clock running at `rate` times real time. It starts no earlier than `notBefore` (the last
 * time already in the store), so a sped-up demo clock never runs backwards across a restart.
 */
export function createClock(rate = 1, notBefore = 0, realNow: () => number = Date.now): Clock {
  const realStart = realNow();
  const start = Math.max(realStart, notBefore);
  return {
    rate,
    now: () => Math.round(start + (realNow() - realStart) * rate),
  };
}

/** A clock that moves only when the test says so. */
export function createManualClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    rate: 1,
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (ms: number) => {
      current = ms;
    },
  };
}
