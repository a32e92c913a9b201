import { performance } from 'node:perf_hooks';
import type { ServerClockNotice } from '../shared/realtime/contract';

/**
 * The server's clock. Timers, "recorded at" and every rule use it, never Date.now() directly,
 * so tests can inject time and demos can run faster than real time.
 */
export interface Clock {
  now(): number;
  /** Server milliseconds per real millisecond (1 in production). */
  readonly rate: number;
}

/** A step of the machine's wall clock, as the clinical clock saw it. */
export interface ClockStep {
  /** How far the wall clock jumped: positive forward, negative backward (ms). */
  stepMs: number;
  /** Clinical time when the step was seen (epoch ms). */
  detectedAt: number;
}

/** The technical alarm while a wall-clock step is being absorbed; null when the clocks agree. */
export type ClockNotice = ServerClockNotice;

/** The clock rules use: monotonic underneath, so a step of the machine's clock cannot move "now". */
export interface ClinicalClock extends Clock {
  /** The step being absorbed, for the technical alarm; null when clinical time and wall time agree. */
  notice(): ClockNotice | null;
  /** Called once per detected step (after it is absorbed into the clock's state). */
  onStep(listener: (step: ClockStep) => void): () => void;
  /**
   * The latest a correctly set clock may read now: clinical time, or the machine's wall clock
   * while a forward step is still being absorbed (a monitor with the right time reads that).
   */
  latestNow(): number;
}

export interface ClockSources {
  /** The machine's wall clock (epoch ms): may step when NTP or an operator sets it. */
  wall: () => number;
  /** A monotonic clock (ms from any origin): never steps. */
  mono: () => number;
}

/** A disagreement between wall and monotonic time larger than this is a step, not drift. */
export const STEP_THRESHOLD_MS = 1_000;
/**
 * How fast clinical time converges on a stepped wall clock: 1% (10,000 ppm, within chrony's
 * default maximum slew of 83,333 ppm). A 2-hour observation is off by at most 72 s while a step
 * is absorbed; a 1-hour step takes 100 hours. Clinic default.
 */
export const SLEW_FRACTION = 0.01;
/** The notice stays until clinical and wall time agree within this (ms). */
const NOTICE_CLEARS_BELOW_MS = 1_000;
/** A sped-up clock never follows the wall clock, so its notice is news for this long (clinical ms). */
const NOTICE_SHOWN_AT_OTHER_RATES_MS = 3_600_000;

const systemSources: ClockSources = { wall: Date.now, mono: () => performance.now() };

/**
 * The clinical clock: advances with monotonic time at `rate`. A step of the wall clock is
 * detected (wall advance versus monotonic advance), reported to `onStep` listeners, and then
 * absorbed by slewing at SLEW_FRACTION: "now" never jumps and never goes backwards. At rate 1
 * it otherwise follows the wall clock. It starts no earlier than `notBefore` (the last time
 * already in the store), so neither a sped-up demo clock nor a restart after a backward step
 * makes time run backwards.
 *
 * `source` may be one function used as both wall and monotonic time (a clock that follows it
 * exactly, as tests that move time do), or separate sources (tests that step the wall clock).
 */
export function createClock(rate = 1, notBefore = 0, source: (() => number) | ClockSources = systemSources): ClinicalClock {
  const { wall, mono } = typeof source === 'function' ? { wall: source, mono: source } : source;
  const listeners = new Set<(step: ClockStep) => void>();
  let lastMono = mono();
  let lastWall = wall();
  let clinical = Math.max(lastWall, notBefore);
  let last: ClockStep | null = null;

  function advance(): number {
    const currentMono = mono();
    const currentWall = wall();
    const elapsed = Math.max(0, currentMono - lastMono);
    const stepMs = currentWall - lastWall - elapsed;
    lastMono = currentMono;
    lastWall = currentWall;
    const stepped = Math.abs(stepMs) > STEP_THRESHOLD_MS;
    let next = clinical + elapsed * rate;
    // Slewing starts after the interval in which a step happened (it happened at some moment in it).
    if (rate === 1 && !stepped) {
      const gap = currentWall - next;
      const slew = elapsed * SLEW_FRACTION;
      next += Math.max(-slew, Math.min(slew, gap));
    }
    clinical = Math.max(clinical, next);
    if (stepped) {
      const step = { stepMs: Math.round(stepMs), detectedAt: Math.round(clinical) };
      last = step;
      for (const listener of listeners) listener(step);
    }
    return Math.round(clinical);
  }

  return {
    rate,
    now: advance,
    notice() {
      const now = advance();
      if (!last) return null;
      if (rate !== 1) return now - last.detectedAt < NOTICE_SHOWN_AT_OTHER_RATES_MS ? { ...last, remainingMs: 0 } : null;
      const remainingMs = now - wall();
      if (Math.abs(remainingMs) < NOTICE_CLEARS_BELOW_MS) return null;
      return { stepMs: last.stepMs, detectedAt: last.detectedAt, remainingMs };
    },
    latestNow() {
      const now = advance();
      return rate === 1 ? Math.max(now, wall()) : now;
    },
    onStep(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** True when `clock` detects and reports steps of the wall clock. */
export function isClinicalClock(clock: Clock): clock is ClinicalClock {
  return typeof (clock as Partial<ClinicalClock>).notice === 'function';
}

/** Milliseconds of monotonic time, for durations that must not follow a step of the wall clock. */
export const monotonicNow = (): number => performance.now();

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
