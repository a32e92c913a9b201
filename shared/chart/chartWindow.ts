/**
 * The span a session chart shows. Its right edge is "now" rounded up to the next whole minute, so
 * the time axis (and every point's x position) moves at most once a minute rather than every second.
 */
export const CHART_WINDOWS = [
  { id: 'last30m', label: 'Last 30 min', spanMs: 30 * 60_000 },
  { id: 'last2h', label: 'Last 2 h', spanMs: 2 * 3_600_000 },
  { id: 'session', label: 'Whole session', spanMs: null },
] as const;

export type ChartWindowId = (typeof CHART_WINDOWS)[number]['id'];

const MINUTE_MS = 60_000;
/** The whole-session view is never narrower than this, so a new session's first readings are not stretched edge to edge. */
const MIN_SESSION_SPAN_MS = 30 * MINUTE_MS;

export function chartWindow(
  id: ChartWindowId,
  session: { openedAt: number; firstAt: number | null; lastAt: number | null },
  now: number,
): { from: number; to: number } {
  const latest = Math.max(now, session.lastAt ?? now);
  const to = Math.ceil(latest / MINUTE_MS) * MINUTE_MS;
  const choice = CHART_WINDOWS.find((window) => window.id === id)!;
  if (choice.spanMs !== null) return { from: to - choice.spanMs, to };
  const from = Math.min(session.openedAt, session.firstAt ?? session.openedAt);
  return { from, to: Math.max(to, from + MIN_SESSION_SPAN_MS) };
}

/** Tick spacings a clock face reads easily, in minutes. */
const TICK_STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120];

/**
 * The time axis's ticks: on whole minutes of a readable step, no closer than `minGapPx` at this
 * plot width. Fixed ticks keep the axis still between minutes and spare the chart measuring labels.
 */
export function timeTicks(from: number, to: number, plotWidthPx: number, minGapPx = 80): number[] {
  const span = Math.max(MINUTE_MS, to - from);
  const most = Math.max(2, Math.floor(plotWidthPx / minGapPx));
  const step = (TICK_STEPS_MINUTES.find((minutes) => span / (minutes * MINUTE_MS) <= most) ?? TICK_STEPS_MINUTES.at(-1)!) * MINUTE_MS;
  const ticks: number[] = [];
  for (let at = Math.ceil(from / step) * step; at <= to; at += step) ticks.push(at);
  return ticks;
}
