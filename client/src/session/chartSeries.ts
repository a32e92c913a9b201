import type { Reading } from '../../../shared/session/state';
import { appendedReadings } from '../../../shared/session/readingIntervals';
import { appendPoint, reduceToColumns, reducedPoints, type SeriesPoint, type SeriesReduction } from '../../../shared/chart/reduceSeries';

/** Line styles differ by dash and marker shape as well as colour, so no series relies on colour alone. */
export const SERIES = [
  { key: 'systolicMmHg', name: 'Systolic (mmHg)', color: 'var(--series-systolic)', dash: undefined, axis: 'left', shape: 'circle' },
  { key: 'diastolicMmHg', name: 'Diastolic (mmHg)', color: 'var(--series-diastolic)', dash: '6 3', axis: 'left', shape: 'square' },
  { key: 'heartRateBpm', name: 'Heart rate (/min)', color: 'var(--series-heart)', dash: '2 3', axis: 'left', shape: 'triangle' },
  { key: 'spo2Percent', name: 'SpO2 (%)', color: 'var(--series-spo2)', dash: '10 4 2 4', axis: 'right', shape: 'diamond' },
] as const;
export type SeriesKey = (typeof SERIES)[number]['key'];

export interface DrawnSeries {
  key: SeriesKey;
  line: SeriesPoint[];
  /** Readings a person entered: marked on the line (device readings are the line alone). */
  manual: SeriesPoint[];
}

/**
 * What the chart draws for one set of readings, window and width, with what it needs to take the
 * next reading cheaply. Each series' `line` and `manual` arrays keep their identity while they do
 * not change, so the drawing redraws only the series that did.
 */
export interface ChartSeries {
  readings: readonly Reading[];
  from: number;
  to: number;
  columns: number;
  reductions: SeriesReduction<SeriesPoint>[];
  drawn: DrawnSeries[];
  /** Readings not marked artifact. */
  charted: number;
}

function pointOf(reading: Reading, key: SeriesKey): SeriesPoint | null {
  const value = reading.vitals[key];
  if (reading.artifact || value === undefined) return null;
  return { at: reading.observedAt, value, keep: reading.recordedBy.kind !== 'device' };
}

function drawnOf(
  key: SeriesKey,
  reduction: SeriesReduction<SeriesPoint>,
  before: { drawn: DrawnSeries; reduction: SeriesReduction<SeriesPoint> } | null,
): DrawnSeries {
  // The reduction's kept points are the manual readings in the window, as one array until one is added.
  const manual = before && before.reduction.kept === reduction.kept ? before.drawn.manual : reduction.kept.map((entry) => entry.point);
  return { key, line: reducedPoints(reduction), manual };
}

/**
 * Each series reduced to `columns` pixel columns over the window, extremes and manual readings
 * kept. Given the previous result for the same window and width, readings appended since are
 * added to the reductions (a cost of the chart's width, not the session's length); anything else
 * (another window or width, an artifact mark, a reading measured before the last) reduces again.
 */
export function chartSeries(
  readings: readonly Reading[],
  window: { from: number; to: number },
  columns: number,
  previous: ChartSeries | null = null,
): ChartSeries {
  const same = previous && previous.from === window.from && previous.to === window.to && previous.columns === columns;
  if (same && previous.readings === readings) return previous;
  const added = same ? appendedReadings(readings, previous.readings) : null;
  if (same && added) {
    let charted = previous.charted;
    for (const reading of added) if (!reading.artifact) charted += 1;
    const reductions: SeriesReduction<SeriesPoint>[] = [];
    const drawn: DrawnSeries[] = [];
    for (const [index, { key }] of SERIES.entries()) {
      let reduction: SeriesReduction<SeriesPoint> | null = previous.reductions[index]!;
      for (const reading of added) {
        const point = pointOf(reading, key);
        if (point && reduction) reduction = appendPoint(reduction, point);
      }
      // Null only for a point earlier than the series' last (excluded by appendedReadings), kept as a safe fallback.
      if (!reduction) return chartSeries(readings, window, columns);
      reductions.push(reduction);
      const before = previous.drawn[index]!;
      const reductionBefore = previous.reductions[index]!;
      drawn.push(reduction === reductionBefore ? before : drawnOf(key, reduction, { drawn: before, reduction: reductionBefore }));
    }
    return { readings, ...window, columns, reductions, drawn, charted };
  }
  const reductions = SERIES.map(({ key }) => {
    const points: SeriesPoint[] = [];
    for (const reading of readings) {
      const point = pointOf(reading, key);
      if (point) points.push(point);
    }
    return reduceToColumns(points, { ...window, columns });
  });
  const drawn = SERIES.map(({ key }, index) => drawnOf(key, reductions[index]!, null));
  return { readings, ...window, columns, reductions, drawn, charted: readings.filter((reading) => !reading.artifact).length };
}
