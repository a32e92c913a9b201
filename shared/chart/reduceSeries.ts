/**
 * Reduces a time series to what a chart of `columns` pixels can show without hiding anything a
 * clinician must see. Each pixel column keeps its first, lowest, highest and last point (the
 * "M4" reduction): the line drawn through them is the line the raw series would draw at that
 * width, so a one-second desaturation or a spike stays on the screen however long the session.
 * Points the caller marks as `keep` (manual readings) are never dropped.
 */
export interface SeriesPoint {
  at: number;
  value: number;
  /** Always kept, whatever the reduction (a reading a person entered). */
  keep?: boolean;
}

export interface ReduceWindow {
  from: number;
  to: number;
  /** The chart's plot width in pixels (at least 1). */
  columns: number;
}

/** The most points reduceSeries returns for a window that holds `kept` always-kept points. */
export function reducedSizeBound(columns: number, kept = 0): number {
  return 4 * Math.max(1, Math.floor(columns)) + 2 + kept;
}

/**
 * `points` in time order. Returns a subsequence, in order: per column its first, min, max and last
 * point, every `keep` point, and the nearest point either side of the window so the line runs to
 * the edges.
 */
export function reduceSeries<P extends SeriesPoint>(points: readonly P[], window: ReduceWindow): P[] {
  const columns = Math.max(1, Math.floor(window.columns));
  const span = Math.max(1, window.to - window.from);
  const chosen = new Set<number>();
  let before = -1;
  let after = -1;
  let column = -1;
  let first = -1;
  let last = -1;
  let min = -1;
  let max = -1;
  const flush = () => {
    if (first < 0) return;
    chosen.add(first).add(min).add(max).add(last);
  };
  for (let i = 0; i < points.length; i += 1) {
    const point = points[i]!;
    if (point.at < window.from) {
      before = i;
      continue;
    }
    if (point.at > window.to) {
      if (after < 0) after = i;
      break;
    }
    if (point.keep) chosen.add(i);
    const at = Math.min(columns - 1, Math.floor(((point.at - window.from) / span) * columns));
    if (at !== column) {
      flush();
      column = at;
      first = min = max = i;
    }
    last = i;
    if (point.value < points[min]!.value) min = i;
    if (point.value > points[max]!.value) max = i;
  }
  flush();
  if (before >= 0) chosen.add(before);
  if (after >= 0) chosen.add(after);
  return [...chosen].sort((a, b) => a - b).map((i) => points[i]!);
}
