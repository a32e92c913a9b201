import { memo, type ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SessionState } from '../../../shared/session/state';
import { selectBaseline } from '../../../shared/session/selectors';
import { clockTime } from '../format/time';
import { observationMarkers } from './lifecycle/chartMarkers';
import { renderAlarmMarkers } from './alarms/AlarmChartMarkers';
import { timeTicks } from '../../../shared/chart/chartWindow';
import { CHART_HEIGHT_PX, SERIES, type DrawnSeries } from './VitalsChart';

const MARGIN = { top: 16, right: 16, bottom: 8, left: 0 };
/** Fixed value-axis ticks (every tick shown, none measured): mmHg and /min on the left, SpO2 % on the right. */
const LEFT_TICKS = [40, 70, 100, 130, 160, 190, 220];
const RIGHT_TICKS = [80, 85, 90, 95, 100];

function Marker({ cx, cy, shape, color }: { cx?: number; cy?: number; shape: (typeof SERIES)[number]['shape']; color: string }): ReactNode {
  if (cx === undefined || cy === undefined) return null;
  const r = 5;
  const common = { fill: color, stroke: 'var(--bg)', strokeWidth: 1 };
  if (shape === 'square') return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} {...common} />;
  if (shape === 'triangle') return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy + r} ${cx - r - 1},${cy + r}`} {...common} />;
  if (shape === 'diamond')
    return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`} {...common} />;
  return <circle cx={cx} cy={cy} r={r} {...common} />;
}

/**
 * The drawing itself, redrawn only when what it shows changes (a new event, the minute moving,
 * another span or width) — never by the page's once-a-second clock.
 */
const ChartDrawing = memo(function ChartDrawing({
  state,
  series,
  from,
  to,
  width,
}: {
  state: SessionState;
  series: DrawnSeries[];
  from: number;
  to: number;
  width: number;
}) {
  const baseline = selectBaseline(state);
  return (
    <LineChart width={width} height={CHART_HEIGHT_PX} margin={MARGIN}>
      <CartesianGrid stroke="var(--chart-grid)" />
      <XAxis
        dataKey="at"
        type="number"
        domain={[from, to]}
        allowDataOverflow
        ticks={timeTicks(from, to, width)}
        interval={0}
        tickFormatter={clockTime}
        stroke="var(--chart-axis)"
        scale="time"
      />
      <YAxis yAxisId="left" domain={[30, 220]} ticks={LEFT_TICKS} interval={0} stroke="var(--chart-axis)" />
      <YAxis yAxisId="right" orientation="right" domain={[80, 100]} ticks={RIGHT_TICKS} interval={0} stroke="var(--series-spo2)" />
      <Tooltip
        labelFormatter={(at) => clockTime(Number(at))}
        contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--text)' }}
      />
      <Legend />
      {baseline?.vitals.systolicMmHg !== undefined && (
        <ReferenceLine
          yAxisId="left"
          y={baseline.vitals.systolicMmHg}
          stroke="var(--series-systolic)"
          strokeDasharray="2 6"
          label={{ value: `Baseline sys ${baseline.vitals.systolicMmHg}`, fill: 'var(--series-systolic)', position: 'insideTopLeft' }}
        />
      )}
      {baseline?.vitals.diastolicMmHg !== undefined && (
        <ReferenceLine
          yAxisId="left"
          y={baseline.vitals.diastolicMmHg}
          stroke="var(--series-diastolic)"
          strokeDasharray="2 6"
          label={{ value: `Baseline dia ${baseline.vitals.diastolicMmHg}`, fill: 'var(--series-diastolic)', position: 'insideBottomLeft' }}
        />
      )}
      {state.doses
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
      {observationMarkers(state.observations, from, to)
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
      {SERIES.map((style, index) => (
        <Line
          key={style.key}
          data={series[index]!.line}
          yAxisId={style.axis}
          type="linear"
          dataKey="value"
          name={style.name}
          stroke={style.color}
          strokeDasharray={style.dash}
          strokeWidth={2}
          isAnimationActive={false}
          dot={false}
          activeDot={false}
        />
      ))}
      {/* Manual readings as markers of the series' own shape; the markers alone, no second line. */}
      {SERIES.map((style, index) => (
        <Line
          key={`${style.key}-manual`}
          data={series[index]!.manual}
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
      ))}
      {renderAlarmMarkers(state).filter((marker) => {
        const at = Number((marker.props as { x?: number }).x);
        return !(at < from || at > to);
      })}
    </LineChart>
  );
});

export default ChartDrawing;
