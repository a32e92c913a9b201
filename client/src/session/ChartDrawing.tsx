import { memo, startTransition, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { Dose, Observation, Reading, SessionState } from '../../../shared/session/state';
import type { SeriesPoint } from '../../../shared/chart/reduceSeries';
import { timeTicks } from '../../../shared/chart/chartWindow';
import { useStore } from '../app/useStore';
import { clinicClockKey, clockTime } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import { observationMarkers } from './lifecycle/chartMarkers';
import { renderAlarmMarkers } from './alarms/AlarmChartMarkers';
import { alarmChartMarkers, type AlarmChartMarker } from './alarms/chartMarkers';
import { CHART_HEIGHT_PX } from './VitalsChart';
import { chartSeries, SERIES, type ChartSeries, type DrawnSeries } from './chartSeries';

type SeriesStyle = (typeof SERIES)[number];

const MARGIN = { top: 16, right: 16, bottom: 8, left: 0 };
/** Fixed value-axis ticks (every tick shown, none measured): mmHg and /min on the left, SpO2 % on the right. */
const LEFT_TICKS = [40, 70, 100, 130, 160, 190, 220];
const RIGHT_TICKS = [80, 85, 90, 95, 100];
/** The value axes' usual spans; a reading beyond them widens its axis so the line never leaves the plot. */
const LEFT_SPAN = [30, 220] as const;
const RIGHT_SPAN = [80, 100] as const;

function Marker({ cx, cy, shape, color }: { cx?: number; cy?: number; shape: SeriesStyle['shape']; color: string }): ReactNode {
  if (cx === undefined || cy === undefined) return null;
  const r = 5;
  const common = { fill: color, stroke: 'var(--bg)', strokeWidth: 1 };
  if (shape === 'square') return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} {...common} />;
  if (shape === 'triangle') return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy + r} ${cx - r - 1},${cy + r}`} {...common} />;
  if (shape === 'diamond')
    return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`} {...common} />;
  return <circle cx={cx} cy={cy} r={r} {...common} />;
}

/** The lowest and highest value of the lines on one axis, rounded out to `step`, never narrower than `span`. */
function domainOf(series: readonly DrawnSeries[], axis: 'left' | 'right', span: readonly [number, number], step: number): [number, number] {
  let low: number = span[0];
  let high: number = span[1];
  for (const [index, style] of SERIES.entries()) {
    if (style.axis !== axis) continue;
    for (const point of series[index]!.line) {
      if (point.value < low) low = point.value;
      if (point.value > high) high = point.value;
    }
  }
  return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
}

/** `value` itself while it equals the last one (by `key`), so memoised children see the same object. */
function useSteady<T>(value: T, key: string): T {
  const last = useRef<{ key: string; value: T } | null>(null);
  if (last.current?.key !== key) last.current = { key, value };
  return last.current.value;
}

type Scale = (value: number) => unknown;

/** A line's SVG path with where each point's segment starts in it, so the next path can keep a shared beginning. */
interface LinePath {
  line: readonly SeriesPoint[];
  x: Scale;
  y: Scale;
  d: string;
  /** `starts[i]`: the length of `d` before point i. */
  starts: number[];
}

/**
 * The path through `line`'s points on the scales `x` and `y`, in tenths of a pixel (by rounding
 * rather than toFixed: several times faster for ~2,000 points). Given the previous path on the
 * same scales, its text up to the first point that is not the same object is kept as it was.
 */
function linePath(line: readonly SeriesPoint[], x: Scale, y: Scale, previous: LinePath | null): LinePath {
  let shared = 0;
  let d = '';
  let starts: number[] = [];
  if (previous && previous.x === x && previous.y === y) {
    const most = Math.min(line.length, previous.line.length);
    while (shared < most && line[shared] === previous.line[shared]) shared += 1;
    d = previous.d.slice(0, shared < previous.line.length ? previous.starts[shared] : previous.d.length);
    starts = previous.starts.slice(0, shared);
  }
  for (let index = shared; index < line.length; index += 1) {
    const point = line[index]!;
    const px = Math.round(Number(x(point.at)) * 10) / 10;
    const py = Math.round(Number(y(point.value)) * 10) / 10;
    starts.push(d.length);
    d += (index === 0 ? 'M' : 'L') + px + ',' + py;
  }
  return { line, x, y, d, starts };
}

/**
 * The reduced series, given to the lines through a small store of their own rather than as props:
 * a new reading changes only the lines, so the chart's other parts stay the same elements and
 * recharts is not redrawn (its axes, ticks, grid and layers re-rendered at every reading when the
 * lines were its children's props), and only the four lines are told (a React context would be
 * looked for through every part of the chart at each reading).
 */
type LinesStore = StoreApi<{ series: readonly DrawnSeries[] }>;

/**
 * One series' monitor line as a single SVG path, positioned by recharts' own axis scales so it
 * lines up with the axes, grid and marks. Why not a recharts <Line>: with a 14,400-reading session
 * every new reading made recharts recompute each drawn point of every line (its per-point label,
 * tooltip and animation bookkeeping run even with animation off: ~140 ms a reading, profiled in
 * Chromium); this path is rebuilt only when its own series or the axes change, in time linear in
 * the chart's width, and a new reading writes it again only from the first point it changed. What it gives up: a hover tooltip on the lines (a tablet has no hover; the
 * readings list gives every value).
 */
const DenseLine = memo(function DenseLine({
  lines,
  index,
  style,
  clipId,
}: {
  lines: LinesStore;
  index: number;
  style: SeriesStyle;
  clipId: string;
}) {
  const line = useStore(lines, (state) => state.series[index]!.line);
  const x = useXAxisScale();
  const y = useYAxisScale(style.axis);
  // On the chart's first draw the lines come a task later (a transition): recharts' mount (two
  // passes, the second in its layout effects) and the lines' first paths are not one long task
  // for a long session's page. After that, a new reading's line is drawn in the reading's own task.
  const [mounted, setMounted] = useState(false);
  useEffect(() => startTransition(() => setMounted(true)), []);
  // The last path is the start of the next: a new reading changes only the newest points of a
  // reduced line (the same point objects before them), so only the path from there is written again.
  const last = useRef<LinePath | null>(null);
  const d = useMemo(() => {
    if (!mounted || !x || !y || line.length === 0) return null;
    last.current = linePath(line, x, y, last.current);
    return last.current.d;
  }, [mounted, line, x, y]);
  if (!d) return null;
  return (
    <path
      className="chart-line"
      data-series={style.key}
      d={d}
      fill="none"
      stroke={style.color}
      strokeWidth={2}
      strokeDasharray={style.dash}
      strokeLinejoin="round"
      clipPath={`url(#${clipId})`}
    />
  );
});

/** The plot area as a clip path: the lines' points just outside the window are drawn to the edge, not beyond. */
function PlotClip({ id }: { id: string }) {
  const plot = usePlotArea();
  if (!plot) return null;
  return (
    <defs>
      <clipPath id={id}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
    </defs>
  );
}

/** Manual readings as markers of the series' own shape (a recharts <Line> of only those few points, no line). */
const ManualMarks = memo(function ManualMarks({ points, style }: { points: SeriesPoint[]; style: SeriesStyle }) {
  return (
    <Line
      data={points}
      yAxisId={style.axis}
      dataKey="value"
      name={`${style.name}, entered by hand`}
      stroke="none"
      legendType="none"
      isAnimationActive={false}
      dot={(props) => <Marker key={`${props.index}`} cx={props.cx} cy={props.cy} shape={style.shape} color={style.color} />}
      activeDot={false}
      tooltipType="none"
    />
  );
});

/**
 * The patient's baseline pressures as dashed lines labelled in words. Drawn here on recharts'
 * scale rather than as recharts <ReferenceLine>s: before the dose the baseline is provisional (the
 * latest reading), so it moves with a monitor's every reading, and each re-render of a
 * ReferenceLine makes recharts recompute its whole chart (~20 ms a reading, profiled).
 */
const BaselineLines = memo(function BaselineLines({ systolicMmHg, diastolicMmHg }: { systolicMmHg?: number; diastolicMmHg?: number }) {
  const y = useYAxisScale('left');
  const plot = usePlotArea();
  if (!y || !plot) return null;
  const lines = [
    { value: systolicMmHg, label: 'Baseline sys', color: 'var(--series-systolic)', above: true },
    { value: diastolicMmHg, label: 'Baseline dia', color: 'var(--series-diastolic)', above: false },
  ];
  return (
    <g className="chart-baseline">
      {lines.map(({ value, label, color, above }) => {
        if (value === undefined) return null;
        const at = Number(y(value));
        return (
          <g key={label}>
            <line x1={plot.x} x2={plot.x + plot.width} y1={at} y2={at} stroke={color} strokeDasharray="2 6" />
            <text x={plot.x + 5} y={above ? at - 5 : at + 15} fill={color}>
              {label} {value}
            </text>
          </g>
        );
      })}
    </g>
  );
});

/** Doses, observations and alarms: redrawn when one of them changes or the window moves, not per reading. */
const Marks = memo(function Marks({
  doses,
  observations,
  alarms,
  from,
  to,
}: {
  doses: Dose[];
  observations: Observation[];
  alarms: AlarmChartMarker[];
  from: number;
  to: number;
}) {
  return (
    <>
      {doses
        .filter((dose) => dose.administeredAt >= from && dose.administeredAt <= to)
        .map((dose) => (
          <ReferenceLine
            key={dose.doseId}
            yAxisId="left"
            x={dose.administeredAt}
            stroke="var(--strong)"
            strokeWidth={2}
            label={{ value: `Dose ${dose.doseMg} mg`, fill: 'var(--strong)', position: 'insideTopLeft', dy: 18 }}
          />
        ))}
      {/* The therapist's observations: a dotted line each, labelled in words (not colour alone). */}
      {observationMarkers(observations, from, to)
        .filter((marker) => marker.at >= from && marker.at <= to)
        .map((marker) => (
          <ReferenceLine
            key={marker.key}
            yAxisId="left"
            x={marker.at}
            stroke="var(--observation)"
            strokeDasharray="1 4"
            label={{
              value: marker.label,
              fill: 'var(--observation)',
              fontSize: 13,
              // insideTopLeft puts the text to the right of the line (inside the plot near the left edge).
              position: `${marker.row === 'top' ? 'insideTop' : 'insideBottom'}${marker.side === 'right' ? 'Left' : 'Right'}`,
            }}
          />
        ))}
      {renderAlarmMarkers(alarms.filter((marker) => marker.at >= from && marker.at <= to))}
    </>
  );
});

/** The series' names with their line's dash and marker shape, in words beside each sample (never colour alone). */
function ChartLegend() {
  return (
    <ul className="chart-legend" aria-label="Chart lines">
      {SERIES.map((style) => (
        <li key={style.key}>
          <svg width={44} height={14} aria-hidden="true">
            <line x1={2} y1={7} x2={42} y2={7} stroke={style.color} strokeWidth={2} strokeDasharray={style.dash} />
            <Marker cx={22} cy={7} shape={style.shape} color={style.color} />
          </svg>{' '}
          {style.name}
        </li>
      ))}
      <li className="muted">Markers: entered by hand</li>
    </ul>
  );
}

const GRID = <CartesianGrid stroke="var(--chart-grid)" />;
const LEGEND = <ChartLegend />;

/** The last reduction made of each readings array (a session's state keeps its array while no reading changes). */
const reductions = new WeakMap<readonly Reading[], ChartSeries>();

/**
 * The drawing itself. Each part is memoised on what it shows: the axes on the window and width,
 * the marks on their events, each line on its own reduced series. A new reading redraws the lines
 * it changed (and an axis only when a value leaves its usual span); the page's once-a-second
 * clock redraws nothing.
 */
const ChartDrawing = memo(function ChartDrawing({
  state,
  baseline,
  from,
  to,
  width,
  columns,
}: {
  state: SessionState;
  baseline: Reading | null;
  from: number;
  to: number;
  width: number;
  /** Pixel columns the series are reduced to. */
  columns: number;
}) {
  // The last result is the starting point of the next: a new reading is appended to it (chartSeries.ts).
  const last = useRef<ChartSeries | null>(null);
  const readings = state.readings;
  const series = useMemo(() => {
    // A render React starts again (at the chart's mount, when the page's clock or a message comes
    // in meanwhile) finds the reduction it made for these readings rather than reducing them again.
    const made = reductions.get(readings);
    last.current = chartSeries(readings, { from, to }, columns, made ?? last.current);
    reductions.set(readings, last.current);
    return last.current.drawn;
  }, [readings, from, to, columns]);
  const clipId = useId().replace(/:/g, '');
  // The lines are told of a new series before the browser paints (a layout effect), in the same task.
  const [lines] = useState<LinesStore>(() => createStore(() => ({ series })));
  useLayoutEffect(() => lines.setState({ series }), [lines, series]);
  const ticks = useMemo(() => timeTicks(from, to, width), [from, to, width]);
  const [leftLow, leftHigh] = domainOf(series, 'left', LEFT_SPAN, 10);
  const [rightLow, rightHigh] = domainOf(series, 'right', RIGHT_SPAN, 1);
  const leftDomain = useMemo(() => [leftLow, leftHigh], [leftLow, leftHigh]);
  const rightDomain = useMemo(() => [rightLow, rightHigh], [rightLow, rightHigh]);
  const xDomain = useMemo(() => [from, to], [from, to]);
  // Alarm marks look readings up by id: worked out per reading, kept as the same array while they say the same.
  const alarmsNow = useMemo(() => alarmChartMarkers({ readings: state.readings, alarms: state.alarms }), [state.readings, state.alarms]);
  const alarms = useSteady(alarmsNow, JSON.stringify(alarmsNow));
  // The parts that do not change with a reading are the same elements from one render to the next,
  // so recharts does not redraw the grid, the axes and the legend at every reading.
  // The time axis's labels are written in the clinic's zone and day: redrawn when those change too.
  const clinicClock = clinicClockKey(serverNow());
  const clip = useMemo(() => <PlotClip id={clipId} />, [clipId]);
  const xAxis = useMemo(
    () => (
      <XAxis
        dataKey="at"
        type="number"
        domain={xDomain}
        allowDataOverflow
        ticks={ticks}
        interval={0}
        tickFormatter={clockTime}
        stroke="var(--chart-axis)"
        scale="time"
      />
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- clinicClock: the labels' zone and day, which clockTime reads
    [xDomain, ticks, clinicClock],
  );
  const leftAxis = useMemo(
    () => <YAxis yAxisId="left" domain={leftDomain} allowDataOverflow ticks={LEFT_TICKS} interval={0} stroke="var(--chart-axis)" />,
    [leftDomain],
  );
  const rightAxis = useMemo(
    () => (
      <YAxis
        yAxisId="right"
        orientation="right"
        domain={rightDomain}
        allowDataOverflow
        ticks={RIGHT_TICKS}
        interval={0}
        stroke="var(--series-spo2)"
      />
    ),
    [rightDomain],
  );
  const baselineLines = <BaselineLines systolicMmHg={baseline?.vitals.systolicMmHg} diastolicMmHg={baseline?.vitals.diastolicMmHg} />;
  const marks = <Marks doses={state.doses} observations={state.observations} alarms={alarms} from={from} to={to} />;
  // The manual readings' marks, as the same array while each series' marks are the same.
  const manualNow = series.map((drawn) => drawn.manual);
  const steadyManual = useRef(manualNow);
  if (manualNow.some((points, index) => points !== steadyManual.current[index])) steadyManual.current = manualNow;
  const manual = steadyManual.current;
  // The chart as one element, made again only when something but the lines' points changes.
  const chart = useMemo(
    () => (
      <LineChart width={width} height={CHART_HEIGHT_PX} margin={MARGIN}>
        {clip}
        {GRID}
        {xAxis}
        {leftAxis}
        {rightAxis}
        {baselineLines}
        {marks}
        {SERIES.map((style, index) => (
          <DenseLine key={style.key} lines={lines} index={index} style={style} clipId={clipId} />
        ))}
        {/* Only series with manual readings: an empty recharts <Line> still costs its mount and its share of each redraw. */}
        {SERIES.map((style, index) =>
          manual[index]!.length > 0 ? <ManualMarks key={`${style.key}-manual`} points={manual[index]!} style={style} /> : null,
        )}
      </LineChart>
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- baselineLines, marks, manual: made again each render, compared by what they show
    [
      lines,
      width,
      clip,
      xAxis,
      leftAxis,
      rightAxis,
      clipId,
      baseline?.vitals.systolicMmHg,
      baseline?.vitals.diastolicMmHg,
      state.doses,
      state.observations,
      alarms,
      from,
      to,
      manual,
    ],
  );
  return (
    <>
      {chart}
      {LEGEND}
    </>
  );
});

export default ChartDrawing;
