import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { Reading, SessionState } from '../../../shared/session/state';
import { selectBaseline } from '../../../shared/session/selectors';
import { reduceSeries, type SeriesPoint } from '../../../shared/chart/reduceSeries';
import { CHART_WINDOWS, chartWindow, type ChartWindowId } from '../../../shared/chart/chartWindow';
import { clockTime } from '../format/time';

/** The drawing library is most of the client's code: it arrives just after the page, which is usable without it. */
const ChartDrawing = lazy(() => import('./ChartDrawing'));

export const CHART_HEIGHT_PX = 320;
/** The two value axes take about this much of the chart's width; the rest is the plot. */
const AXES_WIDTH_PX = 2 * 60;
/** One reduced column per line width: the lines are 2 px wide, so a finer column draws nothing more. */
const COLUMN_PX = 2;
/** Before the chart has been measured (and in tests without layout): a tablet's chart width. */
const FALLBACK_WIDTH_PX = 720;

/** Line styles differ by dash and marker shape as well as colour, so no series relies on colour alone. */
export const SERIES = [
  { key: 'systolicMmHg', name: 'Systolic (mmHg)', color: 'var(--series-systolic)', dash: undefined, axis: 'left', shape: 'circle' },
  { key: 'diastolicMmHg', name: 'Diastolic (mmHg)', color: 'var(--series-diastolic)', dash: '6 3', axis: 'left', shape: 'square' },
  { key: 'heartRateBpm', name: 'Heart rate (/min)', color: 'var(--series-heart)', dash: '2 3', axis: 'left', shape: 'triangle' },
  { key: 'spo2Percent', name: 'SpO2 (%)', color: 'var(--series-spo2)', dash: '10 4 2 4', axis: 'right', shape: 'diamond' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

export interface DrawnSeries {
  key: SeriesKey;
  line: SeriesPoint[];
  /** Readings a person entered: marked on the line (device readings are the line alone). */
  manual: SeriesPoint[];
}

function seriesOf(readings: readonly Reading[], key: SeriesKey): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const reading of readings) {
    const value = reading.vitals[key];
    if (reading.artifact || value === undefined) continue;
    points.push({ at: reading.observedAt, value, keep: reading.recordedBy.kind !== 'device' });
  }
  return points;
}

/** Each series reduced to the plot's pixel width over the window, extremes and manual readings kept. */
export function drawnSeries(readings: readonly Reading[], window: { from: number; to: number }, plotWidthPx: number): DrawnSeries[] {
  return SERIES.map(({ key }) => {
    const line = reduceSeries(seriesOf(readings, key), { ...window, columns: plotWidthPx });
    return { key, line, manual: line.filter((point) => point.keep && point.at >= window.from && point.at <= window.to) };
  });
}

function useWidth(): [React.RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Pressure, heart rate and SpO2 against time, with the patient's baseline and the dose marked. The
 * series are reduced to the chart's pixel width, so a 4-hour once-a-second session draws as fast
 * as a short one; a window control chooses the span.
 */
export function VitalsChart({ state, now }: { state: SessionState; now: number }) {
  const [windowId, setWindowId] = useState<ChartWindowId>('session');
  const [ref, measured] = useWidth();
  const width = measured > 0 ? measured : FALLBACK_WIDTH_PX;
  const readings = state.readings;
  const { from, to } = chartWindow(
    windowId,
    { openedAt: state.openedAt, firstAt: readings[0]?.observedAt ?? null, lastAt: readings.at(-1)?.observedAt ?? null },
    now,
  );
  const series = useMemo(
    () => drawnSeries(readings, { from, to }, Math.max(1, (width - AXES_WIDTH_PX) / COLUMN_PX)),
    [readings, from, to, width],
  );
  const baseline = selectBaseline(state);
  const charted = readings.filter((reading) => !reading.artifact).length;
  const vitalsSummary = baseline
    ? `Baseline ${baseline.vitals.systolicMmHg}/${baseline.vitals.diastolicMmHg} mmHg; ${charted} readings charted`
    : `${charted} readings charted; no baseline yet`;
  const summary = state.observations.length === 0 ? vitalsSummary : `${vitalsSummary}; ${state.observations.length} observations marked`;
  return (
    <figure className="chart" aria-label={`Vital signs chart. ${summary}`} ref={ref}>
      <div className="chart-head">
        <figcaption className="muted">
          {summary}. Showing {clockTime(from)}–{clockTime(to)}.
        </figcaption>
        <div role="group" aria-label="Chart span" className="chart-windows">
          {CHART_WINDOWS.map((choice) => (
            <button
              key={choice.id}
              type="button"
              className="button-quiet"
              aria-pressed={choice.id === windowId}
              onClick={() => setWindowId(choice.id)}
            >
              {choice.label}
            </button>
          ))}
        </div>
      </div>
      <Suspense
        fallback={
          <div className="chart-loading muted" style={{ height: CHART_HEIGHT_PX }}>
            Drawing the chart…
          </div>
        }
      >
        <ChartDrawing state={state} series={series} from={from} to={to} width={width} />
      </Suspense>
    </figure>
  );
}
