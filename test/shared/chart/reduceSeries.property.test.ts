import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendPoint,
  reduceSeries,
  reduceToColumns,
  reducedPoints,
  reducedSizeBound,
  type SeriesPoint,
  type SeriesReduction,
} from '../../../shared/chart/reduceSeries';

/** A raw series in time order (several points may share a millisecond, as device bursts do). */
const series = fc
  .array(fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), value: fc.integer({ min: 20, max: 250 }) }), { maxLength: 3_000 })
  .map((raw) => {
    let at = 1_000_000;
    return raw.map(({ gapMs, value }, index) => {
      at += gapMs;
      return { at, value, keep: index % 97 === 0, index } as SeriesPoint & { index: number };
    });
  });
const windowOf = (points: readonly SeriesPoint[]) =>
  fc
    .record({
      columns: fc.integer({ min: 1, max: 400 }),
      startShare: fc.double({ min: -0.2, max: 0.9, noNaN: true }),
      lengthShare: fc.double({ min: 0.05, max: 1.4, noNaN: true }),
    })
    .map(({ columns, startShare, lengthShare }) => {
      const first = points[0]?.at ?? 0;
      const total = Math.max(1, (points.at(-1)?.at ?? 0) - first);
      const from = Math.round(first + startShare * total);
      return { from, to: Math.round(from + lengthShare * total), columns };
    });

const inWindow = (points: readonly SeriesPoint[], w: { from: number; to: number }) => points.filter((p) => p.at >= w.from && p.at <= w.to);

describe('reduceSeries (per-pixel first/min/max/last)', () => {
  it('returns a subsequence of the raw series, in order, never larger than the bound', () => {
    fc.assert(
      fc.property(
        series.chain((points) => fc.tuple(fc.constant(points), windowOf(points))),
        ([points, w]) => {
          const reduced = reduceSeries(points, w);
          const kept = inWindow(points, w).filter((p) => p.keep).length;
          expect(reduced.length).toBeLessThanOrEqual(reducedSizeBound(w.columns, kept));
          const indexes = reduced.map((p) => (p as SeriesPoint & { index: number }).index);
          expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
          expect(new Set(indexes).size).toBe(indexes.length);
          for (const p of reduced) expect(points[(p as SeriesPoint & { index: number }).index]).toBe(p);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every pixel column’s extremes, so the drawn range of each column equals the raw range', () => {
    fc.assert(
      fc.property(
        series.chain((points) => fc.tuple(fc.constant(points), windowOf(points))),
        ([points, w]) => {
          const reduced = reduceSeries(points, w);
          const columnOf = (at: number) => Math.min(w.columns - 1, Math.floor(((at - w.from) / Math.max(1, w.to - w.from)) * w.columns));
          const ranges = (list: readonly SeriesPoint[]) => {
            const byColumn = new Map<number, [number, number]>();
            for (const p of inWindow(list, w)) {
              const c = columnOf(p.at);
              const [lo, hi] = byColumn.get(c) ?? [Infinity, -Infinity];
              byColumn.set(c, [Math.min(lo, p.value), Math.max(hi, p.value)]);
            }
            return byColumn;
          };
          expect(ranges(reduced)).toEqual(ranges(points));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every point marked keep (manual readings) and the neighbours just outside the window', () => {
    fc.assert(
      fc.property(
        series.chain((points) => fc.tuple(fc.constant(points), windowOf(points))),
        ([points, w]) => {
          const reduced = new Set<SeriesPoint>(reduceSeries(points, w));
          for (const p of inWindow(points, w)) if (p.keep) expect(reduced.has(p)).toBe(true);
          const before = points.filter((p) => p.at < w.from).at(-1);
          const after = points.find((p) => p.at > w.to);
          if (before) expect(reduced.has(before)).toBe(true);
          if (after) expect(reduced.has(after)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a 4-hour once-a-second series on an 800-pixel chart shrinks to at most 3,202 points and keeps a single-second dip', () => {
    const start = 0;
    const points: SeriesPoint[] = Array.from({ length: 14_400 }, (_, i) => ({ at: start + i * 1_000, value: 97 + (i % 3) }));
    points[9_001] = { at: points[9_001]!.at, value: 84 };
    const reduced = reduceSeries(points, { from: start, to: start + 14_400 * 1_000, columns: 800 });
    expect(reduced.length).toBeLessThanOrEqual(3_202);
    expect(Math.min(...reduced.map((p) => p.value))).toBe(84);
    expect(Math.max(...reduced.map((p) => p.value))).toBe(99);
  });

  it('a series with at most one point per column is returned whole', () => {
    const points: SeriesPoint[] = Array.from({ length: 50 }, (_, i) => ({ at: i * 60_000, value: i }));
    expect(reduceSeries(points, { from: 0, to: 50 * 60_000, columns: 800 })).toEqual(points);
  });

  it('appending points one at a time to a reduction gives the reduction of the whole series, and leaves the earlier one as it was', () => {
    fc.assert(
      fc.property(
        series.chain((points) => fc.tuple(fc.constant(points), windowOf(points), fc.integer({ min: 0, max: points.length }))),
        ([points, w, split]) => {
          let reduction: SeriesReduction<SeriesPoint> = reduceToColumns(points.slice(0, split), w);
          const earlier = reduction;
          const earlierPoints = reducedPoints(earlier);
          for (const point of points.slice(split)) {
            const next = appendPoint(reduction, point);
            expect(next).not.toBeNull();
            reduction = next!;
          }
          expect(reducedPoints(reduction)).toEqual(reduceSeries(points, w));
          expect(reducedPoints(earlier)).toEqual(earlierPoints);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a point earlier than the latest one cannot be appended (the series is reduced again instead)', () => {
    const reduction = reduceToColumns(
      [
        { at: 1_000, value: 1 },
        { at: 2_000, value: 2 },
      ],
      { from: 0, to: 10_000, columns: 10 },
    );
    expect(appendPoint(reduction, { at: 1_999, value: 3 })).toBeNull();
    expect(appendPoint(reduction, { at: 2_000, value: 3 })).not.toBeNull();
  });
});
