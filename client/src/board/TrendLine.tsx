import { ROOM_TREND_WINDOW_MS } from '../../../shared/clinic/roomParts';
import type { RoomSessionSummary } from '../../../shared/clinic/rooms';

const WIDTH = 200;
const HEIGHT = 90;
const PAD = 4;

/**
 * A small trend of the session's last hour (a point per 2 minutes: `trendPoints`): systolic
 * (solid) and diastolic (dashed) pressure and heart rate (dotted), with the patient's baseline
 * pressures as thin horizontal lines. The x axis is the hour up to the newest point, the same on
 * every tile, so 10 minutes of readings look like 10 minutes. Decorative for screen readers: the
 * tile's text summary says the same in words.
 */
export function TrendLine({ session }: { session: RoomSessionSummary }) {
  const points = session.trend;
  if (points.length < 2) {
    const measured = session.bloodPressure !== null || session.heartRate !== null;
    return (
      <div className="tile-trend tile-trend-empty" aria-hidden="true">
        {points.length === 1 ? 'One point so far' : measured ? 'No reading in the last hour' : 'No trend yet'}
      </div>
    );
  }
  const values = points
    .flatMap(([, systolic, diastolic, heartRate]) => [systolic, diastolic, heartRate])
    .filter((v): v is number => v !== null);
  const { systolicMmHg: baseSys, diastolicMmHg: baseDia } = session.baseline;
  if (baseSys !== null) values.push(baseSys);
  if (baseDia !== null) values.push(baseDia);
  const low = Math.min(...values) - 5;
  const high = Math.max(...values) + 5;
  const first = points.at(-1)![0] - ROOM_TREND_WINDOW_MS;
  const x = (t: number) => PAD + (Math.max(0, t - first) / ROOM_TREND_WINDOW_MS) * (WIDTH - 2 * PAD);
  const y = (v: number) => PAD + (1 - (v - low) / (high - low)) * (HEIGHT - 2 * PAD);
  /** Column 1: systolic, 2: diastolic, 3: heart rate (RoomTrendPoint). */
  const line = (column: 1 | 2 | 3) =>
    points
      .filter((point) => point[column] !== null)
      .map((point) => `${x(point[0]).toFixed(1)},${y(point[column]!).toFixed(1)}`)
      .join(' ');
  return (
    <svg className="tile-trend" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" data-testid="tile-trend">
      {baseSys !== null && <line className="trend-baseline" x1={0} x2={WIDTH} y1={y(baseSys)} y2={y(baseSys)} />}
      {baseDia !== null && <line className="trend-baseline" x1={0} x2={WIDTH} y1={y(baseDia)} y2={y(baseDia)} />}
      <polyline className="trend-systolic" points={line(1)} />
      <polyline className="trend-diastolic" points={line(2)} />
      <polyline className="trend-heart-rate" points={line(3)} />
    </svg>
  );
}
