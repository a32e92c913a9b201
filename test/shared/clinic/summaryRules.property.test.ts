import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOM_TREND_BUCKET_MS, ROOM_TREND_POINTS, trendPoints } from '../../../shared/clinic/roomParts';
import { summarizeRoom } from '../../../shared/clinic/rooms';
import { activeAlarms } from '../../../shared/alerts/selectors';
import { baselineValue } from '../../../shared/lifecycle/baseline';
import { CLINICAL_DISCHARGE_ITEM_IDS, evaluateDischarge } from '../../../shared/lifecycle/discharge';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { isDeliberateReading } from '../../../shared/session/selectors';
import type { SessionState } from '../../../shared/session/state';
import { VITAL_KEYS, type VitalKey } from '../../../shared/vitals/plausibility';
import type { VitalSet } from '../../../shared/vitals/schema';
import { vitalSetArb } from '../../support/vitalArbitraries';
import { device, DOSE_MINUTE, nurse, sessionLog, withArtifact } from '../lifecycle/fixtures';

/**
 * The board's summary is made on every commit for every room, so its parts take short cuts
 * (a baseline remembered per readings list, a trend found by galloping from bucket to bucket).
 * On random sessions each must answer as its plain definition does, and the summary's
 * discharge count as the full evaluation the session page shows.
 */

const protocol = spravato56Protocol();
const rules = lifecycleRulesFrom(protocol);

type Step =
  | { kind: 'vitals'; vitals: VitalSet; byDevice: boolean }
  | { kind: 'monitor'; readings: number; everySeconds: number }
  | { kind: 'moaas'; score: number }
  | { kind: 'cadss6'; total: number }
  | { kind: 'scores' }
  | { kind: 'ticks' }
  | { kind: 'dose' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('vitals' as const), vitals: vitalSetArb({ temperature: false }), byDevice: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('monitor' as const),
      readings: fc.integer({ min: 1, max: 400 }),
      everySeconds: fc.integer({ min: 1, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moaas' as const), score: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cadss6' as const), total: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'scores' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ticks' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dose' as const }) },
);

const sessionArb = fc.record({
  preDose: fc.array(fc.record({ vitals: vitalSetArb({ temperature: false }), byDevice: fc.boolean() }), { maxLength: 4 }),
  dosed: fc.boolean(),
  steps: fc.array(fc.tuple(stepArb, fc.integer({ min: 0, max: 20 })), { maxLength: 25 }),
  artifacts: fc.array(fc.nat(), { maxLength: 4 }),
});

type GeneratedSession = typeof sessionArb extends fc.Arbitrary<infer T> ? T : never;

/** A session from the generated steps; minutes after T0, going forward. */
function build({ preDose, dosed, steps, artifacts }: GeneratedSession): SessionState {
  const log = sessionLog();
  log.tickAllPreDose(1);
  preDose.forEach((reading, index) => log.vitals(2 + index, reading.vitals, reading.byDevice ? device : nurse));
  let minute = DOSE_MINUTE;
  if (dosed) log.dose(minute);
  for (const [step, gapMinutes] of steps) {
    minute += gapMinutes + 0.25;
    if (step.kind === 'vitals') log.vitals(minute, step.vitals, step.byDevice ? device : nurse);
    if (step.kind === 'monitor') {
      for (let index = 0; index < step.readings; index += 1) {
        const vitals = {
          systolicMmHg: 110 + (index % 30),
          diastolicMmHg: 70 + (index % 9),
          heartRateBpm: 60 + (index % 40),
          spo2Percent: 95,
        };
        log.vitals(minute + (index * step.everySeconds) / 60, vitals, device);
      }
      minute += (step.readings * step.everySeconds) / 60;
    }
    if (step.kind === 'moaas') log.moaas(minute, step.score);
    if (step.kind === 'cadss6') log.cadss6(minute, [step.total, 0, 0, 0, 0, 0]);
    if (step.kind === 'scores') {
      log.aldrete(minute);
      log.padss(minute);
    }
    if (step.kind === 'ticks') log.tickAllDischarge(minute);
    if (step.kind === 'dose') log.dose(minute);
  }
  let state = log.state();
  for (const pick of artifacts) {
    const reading = state.readings[pick % Math.max(1, state.readings.length)];
    if (reading !== undefined) state = withArtifact(state, reading.readingId);
  }
  return state;
}

/** The baseline by its definition: the last non-artifact value at or before the dose, a person's before a monitor's. */
function baselineByDefinition(state: SessionState, key: VitalKey): number | null {
  if (state.dosedAt === null) return null;
  const before = state.readings.filter((r) => r.observedAt <= (state.dosedAt ?? 0) && !r.artifact && r.vitals[key] !== undefined);
  const chosen = before.filter(isDeliberateReading).at(-1) ?? before.at(-1);
  return chosen?.vitals[key] ?? null;
}

/** The trend by its definition: in each bucket of the last hour, its first non-artifact reading with a pressure or heart rate. */
function trendByDefinition(state: SessionState) {
  const newest = state.readings.at(-1);
  if (newest === undefined) return [];
  const bucketOf = (at: number) => Math.floor(at / ROOM_TREND_BUCKET_MS);
  const firstBucket = bucketOf(Math.max(state.lastRecordedAt, newest.observedAt)) - (ROOM_TREND_POINTS - 1);
  const taken = new Set<number>();
  const points: [number, number | null, number | null, number | null][] = [];
  for (const reading of state.readings) {
    const { systolicMmHg, diastolicMmHg, heartRateBpm } = reading.vitals;
    const bucket = bucketOf(reading.observedAt);
    if (bucket < firstBucket || reading.artifact || taken.has(bucket)) continue;
    if (systolicMmHg === undefined && diastolicMmHg === undefined && heartRateBpm === undefined) continue;
    taken.add(bucket);
    points.push([reading.observedAt, systolicMmHg ?? null, diastolicMmHg ?? null, heartRateBpm ?? null]);
  }
  return points;
}

describe("a room summary's short cuts answer as the rules they stand for", () => {
  it("the summary's discharge count is the full evaluation's", () => {
    fc.assert(
      fc.property(sessionArb, (generated) => {
        const state = build(generated);
        const at = state.lastRecordedAt;
        const discharge = summarizeRoom({ roomId: 'room-1', roomName: 'Room 1' }, state, protocol).session?.discharge;
        if (state.dosedAt === null) {
          expect(discharge).toBeNull();
          return;
        }
        const items = evaluateDischarge(state, rules, at, activeAlarms(state).length).items;
        const failing = items.filter((item) => !item.passes).map((item) => item.id);
        expect(discharge).toEqual({
          holding: items.length - failing.length,
          total: items.length,
          minimumObservationPending: failing.includes(CLINICAL_DISCHARGE_ITEM_IDS.minimumObservation),
        });
      }),
      { numRuns: 150 },
    );
  });

  it('each baseline is the last pre-dose value, a person’s first, however often and in whatever order it is asked', () => {
    fc.assert(
      fc.property(
        sessionArb,
        fc.shuffledSubarray([...VITAL_KEYS], { minLength: 1 }),
        fc.integer({ min: -9, max: 30 }),
        (generated, order, shiftMinutes) => {
          const state = build(generated);
          for (const key of [...order, ...order]) expect(baselineValue(state, key)).toBe(baselineByDefinition(state, key));
          // The same readings list with another dose time (an amended dose) is asked afresh.
          if (state.dosedAt === null) return;
          const amended = { ...state, dosedAt: state.dosedAt + shiftMinutes * 60_000 };
          for (const key of order) expect(baselineValue(amended, key)).toBe(baselineByDefinition(amended, key));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a tile's trend is each bucket's first reading of the last hour", () => {
    fc.assert(
      fc.property(sessionArb, (generated) => {
        const state = build(generated);
        expect(trendPoints(state)).toEqual(trendByDefinition(state));
      }),
      { numRuns: 150 },
    );
  });
});
