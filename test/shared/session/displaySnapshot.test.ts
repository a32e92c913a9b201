import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPLAY_RAW_RECENT_MS, displaySnapshot, readingsBetween } from '../../../shared/session/displaySnapshot';
import { READING_INTERVAL_MS, readingRows, type IntervalSummary } from '../../../shared/session/readingIntervals';
import { foldSessionEvents } from '../../../shared/session/reducer';
import type { Actor } from '../../../shared/session/actor';
import type { Reading, SessionState } from '../../../shared/session/state';
import type { AlarmRecord } from '../../../shared/alerts/types';
import { eventLog } from '../../support/events';

const MINUTE = 60_000;
const monitor: Actor = { kind: 'device', deviceId: 'EUI-1', displayName: 'Bedside monitor 1' };
const nurse: Actor = { kind: 'user', userId: 'u-nurse', displayName: 'Nora Nurse', role: 'nurse' };

/** A dosed session's state (the dose at t0 + 10 min) with `readings` in place of its own. */
function dosedWith(readings: Reading[], alarms: AlarmRecord[] = []): SessionState {
  const log = eventLog();
  log.add('session.opened', { roomId: 'room-1', patientAlias: 'J.D.', protocolId: 'ketamine-im', protocolName: 'Ketamine IM' }, log.t0);
  log.add('dose.recorded', { doseId: 'd1', drug: 'ketamine', doseMg: 50, route: 'IM', lotNumber: 'L1' }, log.minutes(10));
  const state = foldSessionEvents(log.events)!;
  return { ...state, readings: [...readings].sort((a, b) => a.observedAt - b.observedAt || a.seq - b.seq), alarms };
}

function sample(readingId: string, observedAt: number, recordedBy: Actor, vitals: Reading['vitals'], seq = 1): Reading {
  return { readingId, seq, observedAt, recordedAt: observedAt + 1_000, vitals, recordedBy, artifact: null };
}

/** A monitor sending once a second for `minutes` from `from`, its values from `value(second)`. */
function monitored(from: number, minutes: number, value: (second: number) => Reading['vitals']): Reading[] {
  return Array.from({ length: minutes * 60 }, (_, s) => sample(`d-${s}`, from + s * 1_000, monitor, value(s), s + 10));
}

const intervalsOf = (readings: readonly Reading[]) =>
  new Map(
    readingRows(readings, READING_INTERVAL_MS, 0)
      .filter((row): row is IntervalSummary => row.kind === 'interval')
      .map((row) => [row.from, row]),
  );

describe('the display snapshot of a long monitored session', () => {
  const eventLogT0 = eventLog().t0;
  const doseAt = eventLogT0 + 10 * MINUTE;

  it('thins older monitor samples, keeping every extreme, and sends the rest as they are', () => {
    const readings = [
      // The baseline: ten minutes before the dose.
      ...monitored(eventLogT0, 10, () => ({ systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98 })),
      ...monitored(doseAt, 120, (s) => ({
        systolicMmHg: 120 + (s % 17),
        diastolicMmHg: 80 + (s % 7),
        heartRateBpm: 70 + (s % 11),
        // One second at 84% an hour in: the dip a clinician must see.
        spo2Percent: s === 3_600 ? 84 : 97,
      })).map((reading) => ({ ...reading, readingId: `p-${reading.readingId}` })),
      sample('nurse-1', doseAt + 30 * MINUTE + 500, nurse, { systolicMmHg: 151, diastolicMmHg: 97 }),
    ];
    const named = readings.find((reading) => reading.observedAt === doseAt + 20 * MINUTE + 5_000)!;
    const state = dosedWith(readings, [{ readingId: named.readingId } as AlarmRecord]);
    const { state: shown, thinning } = displaySnapshot(state);

    expect(thinning).not.toBeNull();
    expect(thinning!.totalReadings).toBe(readings.length);
    expect(shown.readings.length).toBe(thinning!.sentReadings);
    // A 2-hour monitor at 1/s comes down to a few per minute, plus the last 15 minutes as they are.
    expect(shown.readings.length).toBeLessThan(readings.length / 3);
    const kept = new Set(shown.readings.map((reading) => reading.readingId));
    for (const reading of readings) {
      const why =
        reading.recordedBy.kind !== 'device'
          ? 'entered by a person'
          : reading.observedAt < doseAt
            ? 'before the dose'
            : reading.observedAt >= state.readings.at(-1)!.observedAt - DISPLAY_RAW_RECENT_MS
              ? 'recent'
              : reading === named
                ? 'named by an alarm'
                : null;
      if (why) expect(kept.has(reading.readingId), `${reading.readingId} (${why})`).toBe(true);
    }
    expect(kept.has(readings.find((reading) => reading.vitals.spo2Percent === 84)!.readingId)).toBe(true);
    // Each 5-minute interval's lowest–highest is the same from the thinned readings as from all of them.
    const all = intervalsOf(state.readings);
    const thinned = intervalsOf(shown.readings);
    expect([...thinned.keys()]).toEqual([...all.keys()]);
    for (const [from, summary] of all) expect(thinned.get(from)!.ranges, new Date(from).toISOString()).toEqual(summary.ranges);
    // And the list learns what each thinned interval really holds.
    for (const interval of thinning!.intervals) {
      const stored = readingsBetween(state.readings, interval.from, interval.from + READING_INTERVAL_MS).filter(
        (reading) => reading.recordedBy.kind === 'device',
      );
      expect(interval.readings).toBe(stored.length);
      expect(interval.unconfirmed).toBe(stored.length);
      expect(interval.artifacts).toBe(0);
    }
    // The state is otherwise the same.
    expect({ ...shown, readings: [] }).toEqual({ ...state, readings: [] });
  });

  it('keeps readings marked artifact or confirmed, and counts them in their interval', () => {
    const readings = monitored(doseAt, 60, (s) => ({ heartRateBpm: 70 + (s % 3) }));
    readings[100] = { ...readings[100]!, artifact: { reason: 'probe off', markedBy: nurse, markedAt: doseAt } };
    readings[200] = { ...readings[200]!, confirmedBy: nurse, confirmedAt: doseAt };
    const { state: shown, thinning } = displaySnapshot(dosedWith(readings));
    const kept = new Set(shown.readings.map((reading) => reading.readingId));
    expect(kept.has(readings[100]!.readingId)).toBe(true);
    expect(kept.has(readings[200]!.readingId)).toBe(true);
    const first = thinning!.intervals[0]!;
    expect(first).toEqual({
      from: Math.floor(doseAt / READING_INTERVAL_MS) * READING_INTERVAL_MS,
      readings: 300,
      unconfirmed: 298,
      artifacts: 1,
    });
  });

  it('sends everything of a session not yet dosed, or short enough to need no thinning', () => {
    const before = dosedWith(monitored(eventLogT0, 120, () => ({ heartRateBpm: 70 })));
    expect(displaySnapshot({ ...before, dosedAt: null })).toEqual({ state: { ...before, dosedAt: null }, thinning: null });
    const short = dosedWith(monitored(doseAt, 15, (s) => ({ heartRateBpm: 60 + (s % 40) })));
    expect(displaySnapshot(short)).toEqual({ state: short, thinning: null });
  });

  it('never loses an interval extreme, whatever the values (random sessions)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            hr: fc.integer({ min: 30, max: 200 }),
            spo2: fc.option(fc.integer({ min: 70, max: 100 })),
            gap: fc.integer({ min: 1, max: 9 }),
          }),
          {
            minLength: 300,
            maxLength: 1_500,
            size: 'max',
          },
        ),
        (samples) => {
          let at = doseAt;
          const readings = samples.map(({ hr, spo2, gap }, i) => {
            at += gap * 1_000;
            return sample(`r-${i}`, at, monitor, spo2 === null ? { heartRateBpm: hr } : { heartRateBpm: hr, spo2Percent: spo2 }, i + 10);
          });
          const state = dosedWith(readings);
          const { state: shown, thinning } = displaySnapshot(state);
          const all = intervalsOf(state.readings);
          const thinned = intervalsOf(shown.readings);
          for (const [from, summary] of all) expect(thinned.get(from)?.ranges).toEqual(summary.ranges);
          expect(shown.readings.length).toBe(thinning?.sentReadings ?? state.readings.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('readingsBetween', () => {
  it('gives the readings measured in [from, to), in order', () => {
    const readings = monitored(0, 2, () => ({ heartRateBpm: 70 }));
    expect(readingsBetween(readings, 30_000, 40_000).map((reading) => reading.observedAt)).toEqual(
      Array.from({ length: 10 }, (_, i) => 30_000 + i * 1_000),
    );
    expect(readingsBetween(readings, 500_000, 600_000)).toEqual([]);
  });
});
