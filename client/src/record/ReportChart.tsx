import type { SessionReport } from '../../../shared/record/report';

type Row = SessionReport['vitals']['rows'][number];
const SERIES = [
  { key: 'systolicMmHg', label: 'Systolic mmHg', className: 'series-systolic' },
  { key: 'diastolicMmHg', label: 'Diastolic mmHg', className: 'series-diastolic' },
  { key: 'heartRateBpm', label: 'Heart rate /min', className: 'series-heart' },
  { key: 'spo2Percent', label: 'SpO2 %', className: 'series-spo2' },
] as const;
const W = 900;
const H = 220;
const LO = 30;
const HI = 200;

/** The printed chart: one line per vital, told apart by dash pattern and a label as well as colour. */
export function ReportChart({ rows }: { rows: Row[] }) {
  if (rows.length < 2) return <p className="muted">Too few readings to chart.</p>;
  const t0 = rows[0]?.at ?? 0;
  const t1 = rows.at(-1)?.at ?? 1;
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * W;
  const y = (v: number) => H - ((Math.min(HI, Math.max(LO, v)) - LO) / (HI - LO)) * H;
  return (
    <figure className="report-chart">
      <svg viewBox={`-30 -10 ${W + 40} ${H + 20}`} role="img" aria-label="Vital signs over the session">
        {[60, 100, 140, 180].map((mark) => (
          <g key={mark}>
            <line x1={0} x2={W} y1={y(mark)} y2={y(mark)} className="chart-grid" />
            <text x={-28} y={y(mark) + 4} className="chart-axis">
              {mark}
            </text>
          </g>
        ))}
        {SERIES.map((series) => {
          const points = rows
            .filter((r) => r[series.key] !== null)
            .map((r) => `${x(r.at).toFixed(1)},${y(r[series.key] as number).toFixed(1)}`);
          return points.length > 0 ? (
            <polyline key={series.key} points={points.join(' ')} className={`chart-line ${series.className}`} />
          ) : null;
        })}
      </svg>
      <figcaption>
        {SERIES.map((series) => (
          <span key={series.key} className={`legend ${series.className}`}>
            <svg viewBox="0 0 30 6" className="legend-swatch" aria-hidden="true">
              <line x1={0} x2={30} y1={3} y2={3} className={`chart-line ${series.className}`} />
            </svg>
            {series.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
