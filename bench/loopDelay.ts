import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the sampling timer is due, in ms (Node's default for `monitorEventLoopDelay`). */
const SAMPLE_EVERY_MS = 10;

export interface LoopDelaySummary {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * This process's event-loop delay: how late a timer due every 10 ms ran. Node's histogram
 * records the whole time between two runs of its timer, the 10 ms it waits included: a loop
 * doing nothing reads about 10.1 ms at every percentile (checked on Node 20.20). The bench
 * reports the lateness, the sampling interval taken off, as APM agents and load shedders do
 * (the README's figures measured before 2026-12-01 11:45 UTC counted the interval too).
 */
export function watchLoopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_EVERY_MS });
  const lateMs = (ns: number) => Math.round(Math.max(0, ns / 1e6 - SAMPLE_EVERY_MS) * 100) / 100;
  histogram.enable();
  return {
    reset: () => histogram.reset(),
    stop: () => histogram.disable(),
    summary: (): LoopDelaySummary => ({
      p50Ms: lateMs(histogram.percentile(50)),
      p99Ms: lateMs(histogram.percentile(99)),
      maxMs: lateMs(histogram.max),
    }),
  };
}
