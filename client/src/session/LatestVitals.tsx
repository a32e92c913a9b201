import { memo, useMemo, type ReactNode } from 'react';
import type { Reading, SessionState } from '../../../shared/session/state';
import { age, clockTime } from '../format/time';

/** The compact trend covers this much time: enough to see a fall since the last check. */
export const TREND_WINDOW_MS = 30 * 60_000;
/** At most this many points per trend, however often a monitor sends. */
const TREND_POINTS = 90;
const WIDTH = 120;
const HEIGHT = 36;
const PAD = 3;

type Key = 'systolicMmHg' | 'heartRateBpm' | 'spo2Percent' | 'respiratoryRatePerMin';

const ITEMS: { key: Key; label: string; unit: string; trendClass: string }[] = [
  { key: 'systolicMmHg', label: 'BP', unit: 'mmHg', trendClass: 'trend-systolic' },
  { key: 'heartRateBpm', label: 'Heart rate', unit: '/min', trendClass: 'trend-heart' },
  { key: 'spo2Percent', label: 'SpO2', unit: '%', trendClass: 'trend-spo2' },
  { key: 'respiratoryRatePerMin', label: 'Resp. rate', unit: '/min', trendClass: 'trend-resp' },
];

interface Point {
  at: number;
  value: number;
}

/** The latest non-artifact reading that has this vital (the monitor may send SpO2 alone). */
function latestWith(readings: readonly Reading[], key: Key): Reading | null {
  for (let index = readings.length - 1; index >= 0; index -= 1) {
    const reading = readings[index]!;
    if (!reading.artifact && reading.vitals[key] !== undefined) return reading;
  }
  return null;
}

/**
 * Each vital's trend: its non-artifact values of the last TREND_WINDOW_MS before the latest
 * reading, oldest first, at most TREND_POINTS of them (evenly picked, the newest always kept).
 * Counted in one pass back from the end, then only the kept points are made: a monitor's
 * reading every second does not copy the half hour's 1,800 readings for each vital.
 */
function trends(readings: readonly Reading[]): Point[][] {
  const newest = readings.at(-1)?.observedAt ?? 0;
  let first = readings.length;
  const counts = ITEMS.map(() => 0);
  for (let index = readings.length - 1; index >= 0; index -= 1) {
    const reading = readings[index]!;
    if (reading.observedAt < newest - TREND_WINDOW_MS) break;
    first = index;
    if (reading.artifact) continue;
    for (let item = 0; item < ITEMS.length; item += 1) if (reading.vitals[ITEMS[item]!.key] !== undefined) counts[item]! += 1;
  }
  return ITEMS.map(({ key }, item) => {
    const count = counts[item]!;
    const kept = Math.min(count, TREND_POINTS);
    const step = count / TREND_POINTS;
    // The position among this vital's values of the kept point `next`.
    const wanted = (next: number) => (count <= TREND_POINTS ? next : next === TREND_POINTS - 1 ? count - 1 : Math.floor(next * step));
    const trend: Point[] = [];
    let position = 0;
    for (let index = first; index < readings.length && trend.length < kept; index += 1) {
      const reading = readings[index]!;
      const value = reading.vitals[key];
      if (reading.artifact || value === undefined) continue;
      if (position === wanted(trend.length)) trend.push({ at: reading.observedAt, value });
      position += 1;
    }
    return trend;
  });
}

/** A small line of one vital over the last half hour; decorative (the value and time are in words beside it). */
const Sparkline = memo(function Sparkline({ data, className }: { data: Point[]; className: string }) {
  if (data.length < 2) return <span className="latest-trend latest-trend-empty" aria-hidden="true" />;
  const values = data.map((p) => p.value);
  const low = Math.min(...values) - 2;
  const high = Math.max(...values) + 2;
  const first = data[0]!.at;
  const span = Math.max(1, data.at(-1)!.at - first);
  const x = (t: number) => PAD + ((t - first) / span) * (WIDTH - 2 * PAD);
  const y = (v: number) => PAD + (1 - (v - low) / (high - low)) * (HEIGHT - 2 * PAD);
  return (
    <svg
      className="latest-trend"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="latest-trend"
    >
      <polyline className={className} points={data.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} />
    </svg>
  );
});

/**
 * The latest value of each vital with its time and a compact trend of the last 30 minutes:
 * on a tablet it sits above the entry panel, so the nurse sees the trend while typing.
 */
export function LatestVitals({ state, now, shortcut }: { state: SessionState; now: number; shortcut?: ReactNode }) {
  // Worked out per change of the readings, not at each tick of the page's clock (which changes only the ages shown).
  const readings = state.readings;
  const latest = useMemo(() => {
    const trend = trends(readings);
    return ITEMS.map((item, index) => ({ item, reading: latestWith(readings, item.key), trend: trend[index]! }));
  }, [readings]);
  return (
    <section className="latest-vitals" aria-labelledby="latest-title" data-testid="latest-vitals">
      <div className="latest-head">
        <h2 id="latest-title">Latest values</h2>
        <span className="muted">trend: last 30 min</span>
        {shortcut}
      </div>
      <dl className="latest-list">
        {latest.map(({ item, reading, trend }) => {
          const shown =
            reading === null
              ? '—'
              : item.key === 'systolicMmHg'
                ? `${reading.vitals.systolicMmHg}/${reading.vitals.diastolicMmHg ?? '—'}`
                : String(reading.vitals[item.key]);
          return (
            <div key={item.key} className="latest-item">
              <dt>
                {item.label} <span className="muted">({item.unit})</span>
              </dt>
              <dd>
                <span className="latest-value">{shown}</span>
                <span className="latest-when">
                  {reading === null ? 'none yet' : `${clockTime(reading.observedAt)}, ${age(now - reading.observedAt)}`}
                </span>
                <Sparkline data={trend} className={item.trendClass} />
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
