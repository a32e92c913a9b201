import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SessionState } from '../../../shared/session/state';
import { selectBaseline } from '../../../shared/session/selectors';
import { clockTime } from '../format/time';
import { observationMarkers } from './lifecycle/chartMarkers';
import { renderAlarmMarkers } from './alarms/AlarmChartMarkers';

interface Point {
  at: number;
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
}

/** Line styles differ by dash and marker as well as colour, so no series relies on colour alone. */
const SERIES = [
  { key: 'systolic', name: 'Systolic (mmHg)', color: '#ff8a80', dash: undefined, axis: 'left' },
  { key: 'diastolic', name: 'Diastolic (mmHg)', color: '#ffd180', dash: '6 3', axis: 'left' },
  { key: 'heartRate', name: 'Heart rate (/min)', color: '#80d8ff', dash: '2 3', axis: 'left' },
  { key: 'spo2', name: 'SpO2 (%)', color: '#b9f6ca', dash: '10 4 2 4', axis: 'right' },
] as const;

export function chartPoints(state: SessionState): Point[] {
  return state.readings
    .filter((reading) => !reading.artifact)
    .map((reading) => ({
      at: reading.observedAt,
      systolic: reading.vitals.systolicMmHg,
      diastolic: reading.vitals.diastolicMmHg,
      heartRate: reading.vitals.heartRateBpm,
      spo2: reading.vitals.spo2Percent,
    }));
}

/** Pressure, heart rate and SpO2 against time, with the patient's baseline and the dose marked. */
export function VitalsChart({ state, now }: { state: SessionState; now: number }) {
  const points = chartPoints(state);
  const baseline = selectBaseline(state);
  const start = Math.min(state.openedAt, points[0]?.at ?? state.openedAt);
  const end = Math.max(now, points.at(-1)?.at ?? now, start + 30 * 60_000);
  const vitalsSummary = baseline
    ? `Baseline ${baseline.vitals.systolicMmHg}/${baseline.vitals.diastolicMmHg} mmHg; ${points.length} readings charted`
    : `${points.length} readings charted; no baseline yet`;
  const summary = state.observations.length === 0 ? vitalsSummary : `${vitalsSummary}; ${state.observations.length} observations marked`;
  return (
    <figure className="chart" aria-label={`Vital signs chart. ${summary}`}>
      <figcaption className="muted">{summary}</figcaption>
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#333" />
          <XAxis dataKey="at" type="number" domain={[start, end]} tickFormatter={clockTime} stroke="#ccc" scale="time" />
          <YAxis yAxisId="left" domain={[30, 220]} stroke="#ccc" />
          <YAxis yAxisId="right" orientation="right" domain={[80, 100]} stroke="#b9f6ca" />
          <Tooltip labelFormatter={(at) => clockTime(Number(at))} contentStyle={{ background: '#111', border: '1px solid #888' }} />
          <Legend />
          {baseline?.vitals.systolicMmHg !== undefined && (
            <ReferenceLine yAxisId="left" y={baseline.vitals.systolicMmHg} stroke="#ff8a80" strokeDasharray="2 6" label={{ value: `Baseline sys ${baseline.vitals.systolicMmHg}`, fill: '#ff8a80', position: 'insideTopLeft' }} />
          )}
          {baseline?.vitals.diastolicMmHg !== undefined && (
            <ReferenceLine yAxisId="left" y={baseline.vitals.diastolicMmHg} stroke="#ffd180" strokeDasharray="2 6" label={{ value: `Baseline dia ${baseline.vitals.diastolicMmHg}`, fill: '#ffd180', position: 'insideBottomLeft' }} />
          )}
          {state.doses.map((dose) => (
            <ReferenceLine key={dose.doseId} yAxisId="left" x={dose.administeredAt} stroke="#fff" strokeWidth={2} label={{ value: `Dose ${dose.doseMg} mg`, fill: '#fff', position: 'insideTopLeft', dy: 18 }} />
          ))}
          {/* The therapist's observations: a dotted line each, labelled in words (not colour alone). */}
          {observationMarkers(state.observations, start, end).map((marker) => (
            <ReferenceLine
              key={marker.key}
              yAxisId="left"
              x={marker.at}
              stroke="#d7b8ff"
              strokeDasharray="1 4"
              label={{
                value: marker.label,
                fill: '#d7b8ff',
                fontSize: 13,
                // insideTopLeft puts the text to the right of the line (inside the plot near the left edge).
                position: `${marker.row === 'top' ? 'insideTop' : 'insideBottom'}${marker.side === 'right' ? 'Left' : 'Right'}`,
              }}
            />
          ))}
          {SERIES.map((series) => (
            <Line
              key={series.key}
              yAxisId={series.axis}
              type="linear"
              dataKey={series.key}
              name={series.name}
              stroke={series.color}
              strokeDasharray={series.dash}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
              dot={{ r: 3 }}
            />
          ))}
          {renderAlarmMarkers(state)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
