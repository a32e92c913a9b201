import type { Clock } from '../../server/clock';

/** A server clock a test or a bench can set (`createManualClock` stands still; this one runs). */
export interface SettableClock extends Clock {
  /** From now on, the clock reads `ms` at this moment and runs on from there. */
  set(ms: number): void;
}

/**
 * Real time, which a test (or the bench) can set back while it lays out a session dosed some
 * minutes ago, and then put right. A dose is never timed before its pre-dose checklist was
 * complete, and the checklist is ticked on the server's own clock: to have a session dosed 20
 * minutes before now, it is ticked and dosed with the clock 20 minutes back, as it happened, and
 * the clock then catches up (a step forward, as after a pause).
 */
export function settableClock(): SettableClock {
  let offsetMs = 0;
  return {
    rate: 1,
    now: () => Date.now() + offsetMs,
    set(ms) {
      offsetMs = ms - Date.now();
    },
  };
}
