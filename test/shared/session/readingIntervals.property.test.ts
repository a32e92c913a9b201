import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendedReadings, nextReadingRows, readingRows, type ReadingRows } from '../../../shared/session/readingIntervals';
import type { Reading } from '../../../shared/session/state';
import { measuredReadings, monitor, nurse } from '../../support/measuredReadings';

/** Readings in measurement order, some seconds apart, some minutes (quiet and busy intervals), a few entered by hand. */
const readings = fc
  .array(
    fc.record({
      gapMs: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 60_000, max: 400_000 })),
      systolicMmHg: fc.integer({ min: 60, max: 240 }),
      manual: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
    { maxLength: 800 },
  )
  .map((drawn) => measuredReadings(drawn, (r) => ({ systolicMmHg: r.systolicMmHg, diastolicMmHg: r.systolicMmHg - 40 })));

describe('the readings list rows, made again only from the newest interval', () => {
  it('rows taken reading by reading equal the rows of all the readings at once', () => {
    fc.assert(
      fc.property(
        readings.chain((list) => fc.tuple(fc.constant(list), fc.integer({ min: 0, max: list.length }), fc.integer({ min: 1, max: 7 }))),
        ([list, split, step]) => {
          let rows: ReadingRows = nextReadingRows(list.slice(0, split), null);
          for (let n = split; n < list.length; n = Math.min(list.length, n + step)) rows = nextReadingRows(list.slice(0, n + step), rows);
          rows = nextReadingRows(list, rows);
          expect(rows.rows).toEqual(readingRows(list));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an artifact mark or a reading measured before the last makes every row again', () => {
    const list: Reading[] = Array.from({ length: 30 }, (_, i) => ({
      readingId: `r-${i}`,
      seq: i + 1,
      observedAt: i * 30_000,
      recordedAt: i * 30_000,
      vitals: { systolicMmHg: 100 + i },
      recordedBy: monitor,
      artifact: null,
    }));
    const before = nextReadingRows(list, null);
    const marked = list.map((r, i) => (i === 3 ? { ...r, artifact: { reason: 'moved', markedBy: nurse, markedAt: 0 } } : r));
    expect(appendedReadings(marked, list)).toBeNull();
    expect(nextReadingRows(marked, before).rows).toEqual(readingRows(marked));
    const late: Reading = { ...list[0]!, readingId: 'late', observedAt: 45_000, recordedBy: nurse };
    const inserted = [...list.slice(0, 2), late, ...list.slice(2)];
    expect(appendedReadings(inserted, list)).toBeNull();
    expect(nextReadingRows(inserted, before).rows).toEqual(readingRows(inserted));
    expect(appendedReadings([...list, { ...list[29]!, readingId: 'next', observedAt: 29 * 30_000 }], list)).toHaveLength(1);
  });
});
