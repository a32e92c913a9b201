/**
 * Reduces a time series to what a chart of `columns` pixels can show without hiding anything a
 * clinician must see. Each pixel column keeps its first, lowest, highest and last point (the
 * "M4" reduction): the line drawn through them is the line the raw series would draw at that
 * width, so a one-second desaturation or a spike stays on the screen however long the session.
 * Points the caller marks as `keep` (manual readings) are never dropped.
 *
 * The reduction is also a value that a new point can be appended to (`appendPoint`), at a cost
 * that depends on the chart's width and not on the length of the series: a monitor's new reading
 * updates the last column instead of reducing 14,400 points again.
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

/** A point with its position in the series (points may share a millisecond, so time alone cannot order them). */
interface Indexed<P> {
  index: number;
  point: P;
}

/** A pixel column's first, lowest, highest and last point, each with its position in the series. */
interface Column<P> {
  column: number;
  first: P;
  firstIndex: number;
  min: P;
  minIndex: number;
  max: P;
  maxIndex: number;
  last: P;
  lastIndex: number;
}

/** A series reduced so far: what `reduceSeries` would return for the points seen, and what it needs to take one more. */
export interface SeriesReduction<P extends SeriesPoint> {
  readonly window: Readonly<ReduceWindow>;
  /** Points seen so far (in and out of the window). */
  readonly count: number;
  /** The latest `at` seen: a point before it cannot be appended (the caller reduces again). */
  readonly lastAt: number;
  /** The touched columns, in order. */
  readonly columns: readonly Column<P>[];
  /** `keep` points inside the window, in order. */
  readonly kept: readonly Indexed<P>[];
  /** The nearest point before the window and the first after it, so the line runs to the edges. */
  readonly before: Indexed<P> | null;
  readonly after: Indexed<P> | null;
}

/** The reduction of no points yet. */
export function startReduction<P extends SeriesPoint>(window: ReduceWindow): SeriesReduction<P> {
  return { window: { ...window }, count: 0, lastAt: Number.NEGATIVE_INFINITY, columns: [], kept: [], before: null, after: null };
}

/**
 * Takes one point into a reduction whose columns array and last column this call may change in
 * place (the caller owns them). The same rule for the whole series (`reduceSeries`) and for one new point (`appendPoint`).
 */
function take<P extends SeriesPoint>(
  r: { -readonly [K in keyof SeriesReduction<P>]: SeriesReduction<P>[K] } & { columns: Column<P>[] },
  point: P,
): void {
  const index = r.count;
  r.count += 1;
  r.lastAt = Math.max(r.lastAt, point.at);
  const { from, to } = r.window;
  // No object per point (a 4-hour series is 14,400 of them): only the few kept, before or after are wrapped.
  if (point.at < from) {
    r.before = { index, point };
    return;
  }
  if (point.at > to) {
    if (!r.after) r.after = { index, point };
    return;
  }
  // A new array rather than a push: a reduction's kept points stay the same array until one is added.
  if (point.keep) r.kept = [...r.kept, { index, point }];
  const columns = Math.max(1, Math.floor(r.window.columns));
  const span = Math.max(1, to - from);
  const at = Math.min(columns - 1, Math.floor(((point.at - from) / span) * columns));
  const current = r.columns.at(-1);
  if (!current || current.column !== at) {
    r.columns.push({
      column: at,
      first: point,
      firstIndex: index,
      min: point,
      minIndex: index,
      max: point,
      maxIndex: index,
      last: point,
      lastIndex: index,
    });
    return;
  }
  current.last = point;
  current.lastIndex = index;
  if (point.value < current.min.value) {
    current.min = point;
    current.minIndex = index;
  }
  if (point.value > current.max.value) {
    current.max = point;
    current.maxIndex = index;
  }
}

/**
 * `reduction` with one more point, later than (or as late as) every point it holds; null when the
 * point is earlier (a reading measured before the last one: reduce the series again). Costs the
 * size of the reduction (the chart's width), never the length of the series; `reduction` itself
 * is left as it was.
 */
export function appendPoint<P extends SeriesPoint>(reduction: SeriesReduction<P>, point: P): SeriesReduction<P> | null {
  if (point.at < reduction.lastAt) return null;
  const columns = [...reduction.columns];
  // `take` changes the last column in place: that one is copied, the others are shared.
  const last = columns.at(-1);
  if (last) columns[columns.length - 1] = { ...last };
  const next = { ...reduction, columns, kept: reduction.kept };
  take(next, point);
  return next;
}

/** The reduction of `points` (in time order). */
export function reduceToColumns<P extends SeriesPoint>(points: readonly P[], window: ReduceWindow): SeriesReduction<P> {
  const r = { ...startReduction<P>(window), columns: [] as Column<P>[] };
  for (const point of points) {
    take(r, point);
    if (r.after) break;
  }
  return r;
}

/**
 * The points a reduction keeps, in series order, each once. One merge in series order (a new
 * reading asks for it at every series): the columns follow each other, a column's first point
 * comes before its lowest and highest and its last after them, and the kept points are in order.
 */
export function reducedPoints<P extends SeriesPoint>(reduction: SeriesReduction<P>): P[] {
  const points: P[] = [];
  let lastIndex = -1;
  // Entries come in ascending index: one already taken (the same point) is the last one taken.
  const add = (index: number, point: P) => {
    if (index === lastIndex) return;
    points.push(point);
    lastIndex = index;
  };
  const { kept } = reduction;
  let next = 0;
  const addUpTo = (index: number, point: P) => {
    while (next < kept.length && kept[next]!.index < index) add(kept[next]!.index, kept[next++]!.point);
    add(index, point);
  };
  if (reduction.before) add(reduction.before.index, reduction.before.point);
  for (const column of reduction.columns) {
    addUpTo(column.firstIndex, column.first);
    if (column.minIndex < column.maxIndex) {
      addUpTo(column.minIndex, column.min);
      addUpTo(column.maxIndex, column.max);
    } else {
      addUpTo(column.maxIndex, column.max);
      addUpTo(column.minIndex, column.min);
    }
    addUpTo(column.lastIndex, column.last);
  }
  while (next < kept.length) add(kept[next]!.index, kept[next++]!.point);
  if (reduction.after) add(reduction.after.index, reduction.after.point);
  return points;
}

/**
 * `points` in time order. Returns a subsequence, in order: per column its first, min, max and last
 * point, every `keep` point, and the nearest point either side of the window so the line runs to
 * the edges.
 */
export function reduceSeries<P extends SeriesPoint>(points: readonly P[], window: ReduceWindow): P[] {
  return reducedPoints(reduceToColumns(points, window));
}
