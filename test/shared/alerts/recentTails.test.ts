import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weighedSeries } from '../../../shared/alerts/evidence';
import { latestMeasured, latestPressure } from '../../../shared/clinic/roomParts';
import { baselineValue } from '../../../shared/lifecycle/baseline';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { SessionEvent } from '../../../shared/session/events';
import {
  buildRecentTails,
  EVIDENCE_TAIL,
  EVIDENCE_WINDOW_MS,
  recentValuesOf,
  type RecentValues,
} from '../../../shared/session/recentTails';
import { applySessionEvent, foldSessionEvents } from '../../../shared/session/reducer';
import { buildRuleIndex, ruleIndexOf } from '../../../shared/session/ruleIndex';
import type { SessionState } from '../../../shared/session/state';
import { VITAL_KEYS, type VitalKey } from '../../../shared/vitals/plausibility';
import { nurse } from '../../support/events';
import { monitor, play, SECOND, stepsArb, T0 } from '../../support/randomSessions';

/**
 * The alarm rules read each vital's recent values from tails the rule index keeps one event at
 * a time (shared/session/recentTails.ts) instead of walking the record. Checked here against
 * that walk, as it was written before the tails (`walkedRecentValues`), on random sessions:
 * out-of-order readings (late by seconds to an hour), a server clock that sometimes steps
 * back, gaps longer than the window, vitals never measured, artifact marks, confirmations,
 * amendments, and bursts long enough to fill and truncate the tail.
 */

/** The reference: one pass backwards over the readings recorded in the window, as evidence.ts did before the tails. */
function walkedRecentValues(state: SessionState): Map<VitalKey, RecentValues> {
  const byVital = new Map<VitalKey, RecentValues>(VITAL_KEYS.map((key) => [key, { values: [], truncated: false }]));
  let open = VITAL_KEYS.map((key) => ({ key, entry: byVital.get(key)! }));
  const since = state.lastRecordedAt - EVIDENCE_WINDOW_MS;
  for (let index = state.readings.length - 1; index >= 0 && open.length > 0; index -= 1) {
    const reading = state.readings[index]!;
    if (reading.recordedAt < since) break;
    if (reading.artifact) continue;
    const deliberate = reading.recordedBy.kind !== 'device' || reading.confirmedBy !== undefined;
    let truncated = false;
    for (const { key, entry } of open) {
      const value = reading.vitals[key];
      if (value === undefined) continue;
      if (entry.values.length >= EVIDENCE_TAIL) truncated = entry.truncated = true;
      else entry.values.push({ value, observedAt: reading.observedAt, readingId: reading.readingId, deliberate });
    }
    if (truncated) open = open.filter(({ entry }) => !entry.truncated);
  }
  for (const entry of byVital.values()) entry.values.reverse();
  return byVital;
}

/** The references for the board's tile: walks back from the newest reading, as roomParts.ts did before the index. */
function walkedPressure(state: SessionState) {
  const reading = state.readings.findLast(
    (r) => !r.artifact && r.vitals.systolicMmHg !== undefined && r.vitals.diastolicMmHg !== undefined,
  );
  if (reading === undefined) return null;
  const by = reading.recordedBy.kind === 'device' ? 'device' : 'person';
  return { systolicMmHg: reading.vitals.systolicMmHg, diastolicMmHg: reading.vitals.diastolicMmHg, observedAt: reading.observedAt, by };
}
/** The pre-dose baseline walked from the first reading up to the dose: the staff's last value, else the monitor's. */
function walkedBaseline(state: SessionState, key: VitalKey): number | null {
  if (state.dosedAt === null) return null;
  let staff: number | null = null;
  let monitor: number | null = null;
  for (const reading of state.readings) {
    if (reading.observedAt > state.dosedAt) break;
    const v = reading.vitals[key];
    if (reading.artifact || v === undefined) continue;
    if (reading.recordedBy.kind !== 'device' || reading.confirmedBy !== undefined) staff = v;
    else monitor = v;
  }
  return staff ?? monitor;
}
function walkedMeasured(state: SessionState, key: VitalKey) {
  const reading = state.readings.findLast((r) => !r.artifact && r.vitals[key] !== undefined);
  if (reading === undefined) return null;
  return { value: reading.vitals[key], observedAt: reading.observedAt, by: reading.recordedBy.kind === 'device' ? 'device' : 'person' };
}

describe('the recent values the alarm rules weigh, kept incrementally (random sessions)', () => {
  it('the carried tails equal the tails built from the whole record, and both give exactly what the walk over the window gives, after every event', () => {
    let truncatedSeen = 0;
    let cutByWindowSeen = 0;
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const state of play(steps)) {
          const kept = ruleIndexOf(state).recent;
          expect(kept).toEqual(buildRecentTails(state.readings));
          const walked = walkedRecentValues(state);
          for (const key of VITAL_KEYS) {
            const read = recentValuesOf(kept[key], state.lastRecordedAt);
            expect(read, key).toEqual(walked.get(key));
            if (read.truncated) truncatedSeen += 1;
            if (read.values.length < kept[key].length && !read.truncated) cutByWindowSeen += 1;
          }
        }
      }),
      { numRuns: 120 },
    );
    // The generator reaches both ends of the window: a full tail, and values the window leaves out.
    expect(truncatedSeen).toBeGreaterThan(0);
    expect(cutByWindowSeen).toBeGreaterThan(0);
  });

  it("the board tile's latest pressure and latest values, read from the index, and the pre-dose baseline, found by a binary search, equal the walk back over the readings, after every event", () => {
    let pressures = 0;
    let baselines = 0;
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const state of play(steps)) {
          expect(latestPressure(state)).toEqual(walkedPressure(state));
          if (latestPressure(state) !== null) pressures += 1;
          for (const key of VITAL_KEYS) {
            expect(latestMeasured(state, key), key).toEqual(walkedMeasured(state, key));
            expect(baselineValue(state, key), `baseline ${key}`).toBe(walkedBaseline(state, key));
            if (baselineValue(state, key) !== null) baselines += 1;
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(pressures).toBeGreaterThan(0);
    expect(baselines).toBeGreaterThan(0);
  });

  it('the weighed series of a carried state equal those of the same log folded afresh', () => {
    const protocol = spravato56Protocol();
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const run = play(steps);
        let last: SessionState | null = null;
        let step = run.next();
        while (!step.done) {
          last = step.value;
          step = run.next();
        }
        const afresh = foldSessionEvents(step.value)!;
        expect(afresh).not.toBe(last);
        for (const key of VITAL_KEYS) {
          expect(weighedSeries(last!, key, protocol.alarmControls)).toEqual(weighedSeries(afresh, key, protocol.alarmControls));
        }
        expect(ruleIndexOf(last!)).toEqual(buildRuleIndex(afresh));
      }),
      { numRuns: 60 },
    );
  });

  it('a reading at the end of a long back-filled session with a vital never measured is placed without walking the record', () => {
    let state: SessionState | null = null;
    const append = (event: Omit<SessionEvent, 'sessionId' | 'commandId'>) => {
      state = applySessionEvent(state, { ...event, sessionId: 's-1', commandId: `c${event.seq}` } as SessionEvent);
    };
    append({
      seq: 1,
      type: 'session.opened',
      payload: { roomId: 'room-1', patientAlias: 'P', protocolId: 'p', protocolName: 'P' },
      observedAt: T0,
      recordedAt: T0,
      actor: nurse,
    } as never);
    ruleIndexOf(state!);
    // 3,000 readings a second apart, all stored within one minute: every one is in the window.
    for (let index = 0; index < 3_000; index += 1) {
      append({
        seq: index + 2,
        type: 'vitals.recorded',
        payload: { readingId: `r${index}`, vitals: { spo2Percent: 97, heartRateBpm: 70 } },
        observedAt: T0 + index * SECOND,
        recordedAt: T0 + index * 20,
        actor: monitor,
      } as never);
    }
    const before = ruleIndexOf(state!).recent;
    append({
      seq: 3_002,
      type: 'vitals.recorded',
      payload: { readingId: 'r-last', vitals: { spo2Percent: 91 } },
      observedAt: T0 + 3_000 * SECOND,
      recordedAt: T0 + 60_000,
      actor: monitor,
    } as never);
    const after = ruleIndexOf(state!).recent;
    // Only the tail the reading adds to is new; the vital never measured keeps its (empty) tail.
    expect(after.heartRateBpm).toBe(before.heartRateBpm);
    expect(after.temperatureC).toBe(before.temperatureC);
    expect(after.temperatureC).toEqual([]);
    expect(after.spo2Percent).toHaveLength(EVIDENCE_TAIL + 1);
    expect(after.spo2Percent.at(-1)).toMatchObject({ value: 91, readingId: 'r-last' });
    expect(recentValuesOf(after.spo2Percent, T0 + 60_000)).toMatchObject({ truncated: true });
  });
});
