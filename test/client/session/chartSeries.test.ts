import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartSeries } from '../../../client/src/session/chartSeries';
import type { Reading } from '../../../shared/session/state';
import { measuredReadings, monitorReading, nurse } from '../../support/measuredReadings';

/** Readings in measurement order: mostly a monitor's, some entered by hand, some without SpO2, a few marked artifact. */
const readings = fc
  .array(
    fc.record({
      gapMs: fc.integer({ min: 0, max: 20_000 }),
      systolicMmHg: fc.integer({ min: 60, max: 240 }),
      spo2Percent: fc.option(fc.integer({ min: 70, max: 100 }), { nil: undefined }),
      manual: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      artifact: fc.integer({ min: 0, max: 30 }).map((n) => n === 0),
    }),
    { maxLength: 1_500 },
  )
  .map((drawn) =>
    measuredReadings(drawn, (r) => ({
      systolicMmHg: r.systolicMmHg,
      diastolicMmHg: r.systolicMmHg - 40,
      heartRateBpm: 70,
      spo2Percent: r.spo2Percent,
    })),
  );

const drawnOf = (result: ReturnType<typeof chartSeries>) => ({ drawn: result.drawn, charted: result.charted });

describe('the chart series of a session', () => {
  it('readings appended one at a time draw exactly what reducing them all at once draws', () => {
    fc.assert(
      fc.property(
        readings.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.integer({ min: 0, max: list.length }),
            fc.integer({ min: 1, max: 400 }),
            fc.double({ min: 0, max: 1.2, noNaN: true }),
          ),
        ),
        ([list, split, columns, share]) => {
          const first = list[0]?.observedAt ?? 0;
          const last = list.at(-1)?.observedAt ?? 0;
          const window = { from: first + Math.round((last - first) * (1 - share)), to: last + 60_000 };
          let result = chartSeries(list.slice(0, split), window, columns);
          for (let n = split + 1; n <= list.length; n += 1) result = chartSeries(list.slice(0, n), window, columns, result);
          expect(drawnOf(result)).toEqual(drawnOf(chartSeries(list, window, columns)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a reading that changes one series leaves the others’ arrays as they were (only that line redraws)', () => {
    const window = { from: 0, to: 600_000 };
    const base = Array.from({ length: 100 }, (_, i) =>
      monitorReading(i, i * 1_000, { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 97 }),
    );
    const before = chartSeries(base, window, 300);
    const onlySpo2: Reading = { ...base[99]!, readingId: 'r-new', seq: 101, observedAt: 100_500, vitals: { spo2Percent: 91 } };
    const after = chartSeries([...base, onlySpo2], window, 300, before);
    expect(after.drawn.map((series, i) => series === before.drawn[i])).toEqual([true, true, true, false]);
    expect(after.drawn[3]!.line.at(-1)).toMatchObject({ at: 100_500, value: 91 });
  });

  it('an artifact mark or a reading measured before the last reduces again, giving the same as from scratch', () => {
    const window = { from: 0, to: 600_000 };
    const base = Array.from({ length: 50 }, (_, i) =>
      monitorReading(i, i * 10_000, { systolicMmHg: 100 + i, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 97 }),
    );
    const before = chartSeries(base, window, 300);
    const marked = base.map((r, i) => (i === 20 ? { ...r, artifact: { reason: 'moved', markedBy: nurse, markedAt: 0 } } : r));
    expect(drawnOf(chartSeries(marked, window, 300, before))).toEqual(drawnOf(chartSeries(marked, window, 300)));
    const late: Reading = { ...base[0]!, readingId: 'late', seq: 51, observedAt: 95_000, vitals: { systolicMmHg: 200 }, recordedBy: nurse };
    const inserted = [...base.slice(0, 10), late, ...base.slice(10)];
    expect(drawnOf(chartSeries(inserted, window, 300, before))).toEqual(drawnOf(chartSeries(inserted, window, 300)));
  });
});
