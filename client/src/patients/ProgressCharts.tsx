import { CartesianGrid, Line, LineChart, ReferenceArea, XAxis, YAxis, LabelList } from 'recharts';
import type { PatientSessionRow } from '../../../shared/http/patientApi';
import { INSTRUMENT_DEFINITIONS, type Instrument } from '../../../shared/questionnaires/instruments';

/** Band shades from light to dark: each band also carries its name on the chart, so colour is never alone. */
const BAND_FILLS = ['#1f3b2d', '#3a3a1f', '#4a3319', '#4d2424', '#5c1a2a'];

/** One questionnaire's totals across the series, with its published bands behind the line. */
export function ProgressChart({ instrument, sessions }: { instrument: Instrument; sessions: readonly PatientSessionRow[] }) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const points = sessions.map((session, index) => ({
    session: index + 1,
    total: (instrument === 'phq9' ? session.summary.phq9 : session.summary.gad7)?.total ?? null,
  }));
  const recorded = points.filter((point) => point.total !== null).length;
  return (
    <figure className="progress-chart" data-testid={`progress-${instrument}`}>
      <figcaption>
        {definition.name} across the series ({recorded} of {sessions.length} sessions) — bands:{' '}
        {definition.bands.map((band) => `${band.label} ${band.fromScore}–${band.toScore}`).join(', ')}
      </figcaption>
      <LineChart width={560} height={260} data={points} margin={{ top: 16, right: 120, bottom: 8, left: 0 }}>
        {definition.bands.map((band, index) => (
          <ReferenceArea
            key={band.severity}
            y1={band.fromScore}
            y2={band.toScore + 1}
            fill={BAND_FILLS[index] ?? '#333'}
            fillOpacity={0.9}
            ifOverflow="hidden"
            label={{ value: band.label, position: 'right', fill: '#e6e6e6', fontSize: 12 }}
          />
        ))}
        <CartesianGrid stroke="#555" strokeDasharray="2 4" vertical={false} />
        <XAxis
          dataKey="session"
          type="number"
          domain={[0.5, Math.max(1, sessions.length) + 0.5]}
          ticks={points.map((p) => p.session)}
          stroke="#e6e6e6"
          label={{ value: 'Session', position: 'insideBottomRight', offset: -4, fill: '#e6e6e6' }}
        />
        <YAxis
          domain={[0, definition.maxTotal + 1]}
          ticks={[0, 5, 10, 15, 20, 25].filter((t) => t <= definition.maxTotal)}
          stroke="#e6e6e6"
          allowDataOverflow
        />
        <Line
          type="linear"
          dataKey="total"
          stroke="#7fd3ff"
          strokeWidth={3}
          dot={{ r: 6, fill: '#7fd3ff' }}
          isAnimationActive={false}
          connectNulls
        >
          <LabelList dataKey="total" position="top" fill="#ffffff" fontSize={14} fontWeight={700} />
        </Line>
      </LineChart>
    </figure>
  );
}
