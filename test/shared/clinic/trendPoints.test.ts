import { describe, expect, it } from 'vitest';
import { ROOM_TREND_BUCKET_MS, ROOM_TREND_POINTS, ROOM_TREND_WINDOW_MS, trendPoints } from '../../../shared/clinic/roomParts';
import type { Reading } from '../../../shared/session/state';
import type { VitalSet } from '../../../shared/vitals/schema';
import { device, nurse } from '../lifecycle/fixtures';

/** A bucket's start (09:00 UTC). */
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const SECOND = 1_000;
const MINUTE = 60_000;
const VITALS: VitalSet = { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98 };

let readingCount = 0;
function reading(observedAt: number, vitals: VitalSet = VITALS, by = device): Reading {
  readingCount += 1;
  return {
    readingId: `r-${readingCount}`,
    seq: readingCount,
    observedAt,
    recordedAt: observedAt + 500,
    vitals,
    recordedBy: by,
    artifact: null,
  };
}

const struckThrough = (r: Reading): Reading => ({ ...r, artifact: { reason: 'cuff moved', markedBy: nurse, markedAt: r.observedAt } });

/** A session's readings and its last server time: the newest reading's, half a second later, unless given. */
function state(readings: Reading[], lastRecordedAt = (readings.at(-1)?.observedAt ?? T0) + 500) {
  return { readings, lastRecordedAt };
}

/** A bedside monitor from `from`: one vital set a second for `seconds`, the heart rate counting up so each reading is told apart. */
function monitor(from: number, seconds: number): Reading[] {
  return Array.from({ length: seconds }, (_, index) =>
    reading(from + index * SECOND, { ...VITALS, systolicMmHg: 100 + (index % 60), heartRateBpm: 60 + (index % 50) }),
  );
}

const bucketOf = (at: number) => Math.floor(at / ROOM_TREND_BUCKET_MS);

describe("a tile's trend: the last hour, one point per 2-minute bucket", () => {
  it('is the hour in at most 30 points', () => {
    expect(ROOM_TREND_WINDOW_MS).toBe(60 * MINUTE);
    expect(ROOM_TREND_BUCKET_MS).toBe(2 * MINUTE);
    expect(ROOM_TREND_POINTS).toBe(30);
  });

  it('a monitor at 1 Hz for 2 hours: 30 points over the last hour, the first reading of each bucket, oldest first', () => {
    // Started 17 s into a bucket, so a bucket's first reading is not at its start.
    const readings = monitor(T0 + 17 * SECOND, 2 * 60 * 60);
    const newest = readings.at(-1)!.observedAt;
    const trend = trendPoints(state(readings));
    expect(trend).toHaveLength(30);
    // The same as a plain grouping of every reading by bucket: the newest 30 buckets, first reading of each.
    const firstOfBucket = new Map<number, Reading>();
    for (const r of readings) if (!firstOfBucket.has(bucketOf(r.observedAt))) firstOfBucket.set(bucketOf(r.observedAt), r);
    const expected = [...firstOfBucket.entries()]
      .filter(([bucket]) => bucket > bucketOf(newest) - 30)
      .map(([, r]) => [r.observedAt, r.vitals.systolicMmHg, r.vitals.diastolicMmHg, r.vitals.heartRateBpm]);
    expect(trend).toEqual(expected);
    // It spans the last hour (to the start of the newest bucket), one point a bucket.
    expect(new Set(trend.map(([at]) => bucketOf(at))).size).toBe(30);
    expect(trend[0]![0]).toBeGreaterThanOrEqual(newest - ROOM_TREND_WINDOW_MS);
    expect(trend.at(-1)![0] - trend[0]![0]).toBe(58 * MINUTE);
  });

  it('points stay put while the newest bucket fills, and a new bucket adds one', () => {
    const readings = monitor(T0, 2 * 60 * 60 - 30);
    const before = trendPoints(state(readings));
    // 30 more samples: the newest bucket (started 89 s ago) is not over yet.
    const sameBucket = [...readings, ...monitor(readings.at(-1)!.observedAt + SECOND, 30)];
    expect(bucketOf(sameBucket.at(-1)!.observedAt)).toBe(bucketOf(readings.at(-1)!.observedAt));
    expect(trendPoints(state(sameBucket))).toEqual(before);
    // The next second starts a bucket: a point for it, and the oldest bucket leaves the hour.
    const next = reading(sameBucket.at(-1)!.observedAt + SECOND);
    const after = trendPoints(state([...sameBucket, next]));
    expect(after).toEqual([...before.slice(1), [next.observedAt, 120, 80, 70]]);
  });

  it('skips artifacts and readings with neither pressure nor heart rate: the bucket takes its first reading that has one', () => {
    const first = reading(T0 + 10 * SECOND, { ...VITALS, systolicMmHg: 199 });
    const oximeterOnly = reading(T0 + 20 * SECOND, { spo2Percent: 97 });
    const second = reading(T0 + 30 * SECOND, { ...VITALS, systolicMmHg: 131 });
    const wholeBucketStruck = [reading(T0 + 2 * MINUTE), reading(T0 + 3 * MINUTE)].map(struckThrough);
    const later = reading(T0 + 4 * MINUTE + SECOND, { heartRateBpm: 88 });
    const sameBucket = reading(T0 + 40 * SECOND);
    const trend = trendPoints(state([struckThrough(first), oximeterOnly, second, sameBucket, ...wholeBucketStruck, later]));
    expect(trend).toEqual([
      [T0 + 30 * SECOND, 131, 80, 70],
      [T0 + 4 * MINUTE + SECOND, null, null, 88],
    ]);
  });

  it('manual readings every 10 minutes: one point each, those of the last hour', () => {
    const readings = Array.from({ length: 12 }, (_, index) => reading(T0 + index * 10 * MINUTE, VITALS, nurse));
    const trend = trendPoints(state(readings));
    // The newest at 110 min: the hour's buckets start at 52 min, so 60 ... 110.
    expect(trend.map(([at]) => (at - T0) / MINUTE)).toEqual([60, 70, 80, 90, 100, 110]);
  });

  // The window: the 30 buckets up to the one holding the last server time (here 60.5 min, bucket
  // [60, 62)), so its oldest bucket starts at 2 min. A point's bucket is by observedAt.
  it.each([
    { case: 'just before the oldest bucket', minutes: [2 - 1 / MINUTE], expected: [] },
    { case: "at the oldest bucket's start", minutes: [2], expected: [2] },
    { case: "just after the oldest bucket's start", minutes: [2 + 1 / MINUTE], expected: [2 + 1 / MINUTE] },
    { case: 'two readings either side of a bucket boundary', minutes: [10 - 1 / MINUTE, 10], expected: [10 - 1 / MINUTE, 10] },
    { case: 'two readings in one bucket: the first', minutes: [10, 10 + 1 / MINUTE], expected: [10] },
    { case: 'at the start of the newest bucket', minutes: [60], expected: [60] },
  ])('$case', ({ minutes, expected }) => {
    const readings = minutes.map((minute) => reading(T0 + minute * MINUTE));
    const trend = trendPoints(state(readings, T0 + 60 * MINUTE + 30 * SECOND));
    expect(trend.map(([at]) => (at - T0) / MINUTE)).toEqual(expected);
  });

  it("no reading for an hour: no trend, however recent the session's last event", () => {
    const readings = [reading(T0)];
    expect(trendPoints(state(readings, T0 + 59 * MINUTE))).toHaveLength(1);
    expect(trendPoints(state(readings, T0 + 60 * MINUTE))).toEqual([]);
  });

  it("a monitor whose clock runs ahead of the server's: still at most 30 points", () => {
    const readings = monitor(T0, 2 * 60 * 60);
    expect(trendPoints(state(readings, readings.at(-1)!.observedAt - 5 * MINUTE))).toHaveLength(30);
    expect(trendPoints(state([]))).toEqual([]);
  });
});
