import { Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DisplayThinning } from '../../../shared/session/displaySnapshot';
import type { SessionState } from '../../../shared/session/state';
import { selectBaseline } from '../../../shared/session/selectors';
import { CHART_WINDOWS, chartWindow, type ChartWindowId } from '../../../shared/chart/chartWindow';
import { clockTime } from '../format/time';
import { lazyPart } from '../components/lazyPart';
import { PartBoundary } from '../components/PartBoundary';

/** The drawing library is most of the client's code, with the series' reduction: it arrives just after the page, which is usable without it. */
const ChartDrawing = lazyPart(() => import('./ChartDrawing').then((module) => module.default));

export const CHART_HEIGHT_PX = 320;

/** In the chart's place while its code arrives (or before its width is measured). */
const DRAWING = (
  <div className="chart-loading muted" style={{ height: CHART_HEIGHT_PX }}>
    Drawing the chart…
  </div>
);
/** The two value axes take about this much of the chart's width; the rest is the plot. */
const AXES_WIDTH_PX = 2 * 60;
/** One reduced column per line width: the lines are 2 px wide, so a finer column draws nothing more. */
const COLUMN_PX = 2;
/** Before the chart has been measured (and in tests without layout): a tablet's chart width. */
const FALLBACK_WIDTH_PX = 720;

/** The chart's content width, measured before the first paint and on every resize; 0 until measured. */
function useWidth(): [React.RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const style = getComputedStyle(element);
    setWidth(Math.floor(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
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
export function VitalsChart({ state, now, thinning = null }: { state: SessionState; now: number; thinning?: DisplayThinning | null }) {
  const [windowId, setWindowId] = useState<ChartWindowId>('session');
  const [ref, measured] = useWidth();
  // Without layout (tests) the fallback; otherwise nothing is reduced before the width is known
  // (measured before the first paint), so a long session is not reduced twice at load.
  const width = measured > 0 ? measured : typeof ResizeObserver === 'undefined' ? FALLBACK_WIDTH_PX : 0;
  const readings = state.readings;
  const { from, to } = chartWindow(
    windowId,
    { openedAt: state.openedAt, firstAt: readings[0]?.observedAt ?? null, lastAt: readings.at(-1)?.observedAt ?? null },
    now,
  );
  const columns = Math.max(1, Math.floor((width - AXES_WIDTH_PX) / COLUMN_PX));
  // Readings the server left out of a long session's copy were drawn into their minute's extremes
  // (never artifacts: those are always sent), so they count as charted.
  const leftOut = thinning ? thinning.totalReadings - thinning.sentReadings : 0;
  const charted = useMemo(() => readings.filter((reading) => !reading.artifact).length, [readings]) + leftOut;
  const baseline = useMemo(() => selectBaseline({ readings, dosedAt: state.dosedAt }), [readings, state.dosedAt]);
  const vitalsSummary = baseline
    ? `Baseline ${baseline.vitals.systolicMmHg}/${baseline.vitals.diastolicMmHg} mmHg; ${charted} readings charted`
    : `${charted} readings charted; no baseline yet`;
  const withThinning = leftOut > 0 ? `${vitalsSummary} (older monitor readings by each minute's lowest and highest)` : vitalsSummary;
  const summary = state.observations.length === 0 ? withThinning : `${withThinning}; ${state.observations.length} observations marked`;
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
      {width > 0 ? (
        <PartBoundary
          part="The chart's drawing"
          stillWorks="The latest values and the readings list still show every reading; vitals entry and the alarms still work."
        >
          <Suspense fallback={DRAWING}>
            <ChartDrawing state={state} baseline={baseline} from={from} to={to} width={width} columns={columns} />
          </Suspense>
        </PartBoundary>
      ) : (
        DRAWING
      )}
    </figure>
  );
}
