import fc from 'fast-check';
import { vitalSetArb } from '../../support/vitalArbitraries';
import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { nextAlarmDueAt } from '../../../shared/alerts/due';
import { planAlarmEvents } from '../../../shared/alerts/planner';
import { activeAlarms, audioPauseUntil } from '../../../shared/alerts/selectors';
import { evaluateDischarge, readinessTransitions } from '../../../shared/lifecycle/discharge';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { nextReadinessDueAt } from '../../../shared/lifecycle/readinessDue';
import { ketamineImProtocol, spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import type { Actor } from '../../../shared/session/actor';
import type { SessionEvent, SessionEventPayload, SessionEventType } from '../../../shared/session/events';
import { applySessionEvent, foldSessionEvents } from '../../../shared/session/reducer';
import { buildRuleIndex, ruleIndexOf } from '../../../shared/session/ruleIndex';
import type { SessionState } from '../../../shared/session/state';
import type { VitalSet } from '../../../shared/vitals/schema';
import { nurse } from '../../support/events';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const SECOND = 1000;
const MINUTE = 60_000;
const monitors: Actor[] = [
  { kind: 'device', deviceId: 'oxi-1', displayName: 'Oximeter 1' },
  { kind: 'device', deviceId: 'mon-2', displayName: 'Monitor 2' },
];
const prescriber: Actor = { kind: 'user', userId: 'u-prescriber', displayName: 'Prescriber Demo', role: 'prescriber' };

const standard = spravato56Protocol();
/** Short timings, so re-alarms, escalations, silences and rechecks happen inside a generated session. */
const brisk: Protocol = {
  ...standard,
  reAlarmAfterAcknowledgeMinutes: 3,
  escalateUnacknowledgedHighSeconds: 45,
  deviceSilenceMinutes: 2,
  checkGraceMinutes: 2,
  overdueEscalateAfterMinutes: 3,
  alarmLimits: standard.alarmLimits.map((limit) =>
    limit.parameter === 'spo2Percent' || limit.parameter === 'systolicMmHg' ? { ...limit, confirmWithinMinutes: 2 } : limit,
  ),
};

/** Readiness within reach: no person-scored items, short minimum and floor; calm vitals (below) then let it come and go. */
const imProtocol = ketamineImProtocol();
const reachable: Protocol = {
  ...imProtocol,
  minimumObservationMinutes: 20,
  discharge: { ...imProtocol.discharge, scores: [], regulatoryFloor: { minutes: 25, source: 'Clinic rule' } },
};

/** What happens at one moment of a generated session (the engine then runs, as the server does). */
type Action =
  | { kind: 'vitals'; vitals: VitalSet; device: number | null; lateMs: number }
  | { kind: 'artifact'; pick: number }
  | { kind: 'confirm'; pick: number }
  | { kind: 'dose' }
  | { kind: 'moaas'; score: number }
  | { kind: 'returned' }
  | { kind: 'acknowledge'; pick: number }
  | { kind: 'pause' }
  | { kind: 'nothing' };

const vitalsArb = vitalSetArb({ temperature: false });

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('vitals' as const),
      vitals: vitalsArb,
      device: fc.option(fc.integer({ min: 0, max: 1 })),
      lateMs: fc.integer({ min: 0, max: 20_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('artifact' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dose' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moaas' as const), score: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'returned' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'nothing' as const }) },
);

/** Vitals near the defaults' normal values, so discharge readiness is reached, kept and lost. */
const calmVitalsArb: fc.Arbitrary<VitalSet> = fc.record({
  systolicMmHg: fc.integer({ min: 112, max: 138 }),
  diastolicMmHg: fc.integer({ min: 70, max: 88 }),
  heartRateBpm: fc.integer({ min: 62, max: 88 }),
  spo2Percent: fc.integer({ min: 96, max: 100 }),
  respiratoryRatePerMin: fc.integer({ min: 12, max: 18 }),
});

const calmActionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('vitals' as const),
      vitals: calmVitalsArb,
      device: fc.constant(null),
      lateMs: fc.constant(0),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('vitals' as const), vitals: vitalsArb, device: fc.constant(null), lateMs: fc.constant(0) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'dose' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moaas' as const), score: fc.integer({ min: 4, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'returned' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('artifact' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
);

const gapArb = fc.oneof(fc.integer({ min: 1, max: 30 * SECOND }), fc.integer({ min: 30 * SECOND, max: 6 * MINUTE }));
const stepArb = fc.record({ gapMs: gapArb, action: actionArb });
/** A calm session: a pre-dose pressure, the dose, then a random stretch of mostly calm care. */
const calmStepsArb = fc
  .tuple(
    calmVitalsArb,
    fc.array(fc.record({ gapMs: fc.integer({ min: 30 * SECOND, max: 4 * MINUTE }), action: calmActionArb }), {
      minLength: 15,
      maxLength: 60,
    }),
  )
  .map(([baseline, rest]) => [
    { gapMs: MINUTE, action: { kind: 'vitals', vitals: baseline, device: null, lateMs: 0 } as Action },
    { gapMs: MINUTE, action: { kind: 'dose' } as Action },
    ...rest,
  ]);

/** A session the way the server runs it: every event folded in order, the engine's own events included. */
function liveSession(protocol: Protocol) {
  const events: SessionEvent[] = [];
  let state: SessionState | null = null;
  let readingCount = 0;
  let observationCount = 0;
  let doseCount = 0;
  const append = <T extends SessionEventType>(
    type: T,
    payload: SessionEventPayload<T>,
    observedAt: number,
    recordedAt: number,
    actor: Actor,
  ) => {
    const event = {
      sessionId: 's-1',
      seq: events.length + 1,
      type,
      payload,
      observedAt,
      recordedAt,
      actor,
      commandId: `c${events.length + 1}`,
    } as SessionEvent;
    events.push(event);
    state = applySessionEvent(state, event);
  };
  append('session.opened', { roomId: 'room-1', patientAlias: 'P', protocolId: protocol.id, protocolName: protocol.name }, T0, T0, nurse);
  // Asked once here, the index is then carried one event at a time by the reducer.
  ruleIndexOf(state!);
  const rules = lifecycleRulesFrom(protocol);
  for (const item of rules.dischargeConfig.practicalItems) {
    append('checklist.itemTicked', { checklist: 'discharge', itemId: item.id, ...(item.needsDate ? { date: T0 } : {}) }, T0, T0, nurse);
  }

  return {
    events,
    rules,
    state: () => state!,
    act(action: Action, now: number) {
      const current = state!;
      switch (action.kind) {
        case 'vitals': {
          if (Object.keys(action.vitals).length === 0) return;
          readingCount += 1;
          const actor = action.device === null ? nurse : monitors[action.device]!;
          append('vitals.recorded', { readingId: `r${readingCount}`, vitals: action.vitals }, now - action.lateMs, now, actor);
          return;
        }
        case 'artifact':
        case 'confirm': {
          const reading = current.readings[action.pick % Math.max(1, current.readings.length)];
          if (reading === undefined) return;
          if (action.kind === 'artifact')
            append('reading.artifactMarked', { readingId: reading.readingId, reason: 'probe off' }, now, now, nurse);
          else if (reading.recordedBy.kind === 'device') append('reading.confirmed', { readingId: reading.readingId }, now, now, nurse);
          return;
        }
        case 'dose':
          if (doseCount >= 2 || current.phase !== (doseCount === 0 ? 'pre_dose' : 'monitoring')) return;
          doseCount += 1;
          append(
            'dose.recorded',
            { doseId: `d${doseCount}`, drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L1' },
            now,
            now,
            nurse,
          );
          return;
        case 'moaas':
        case 'returned':
          observationCount += 1;
          append(
            'observation.recorded',
            {
              observationId: `o${observationCount}`,
              observation: action.kind === 'moaas' ? { kind: 'moaas', score: action.score } : { kind: 'returned_to_baseline' },
            },
            now,
            now,
            nurse,
          );
          return;
        case 'acknowledge': {
          const open = activeAlarms(current);
          const record = open[action.pick % Math.max(1, open.length)];
          if (record !== undefined) append('alarm.acknowledged', { alarmId: record.alarmId }, now, now, prescriber);
          return;
        }
        case 'pause':
          append('alarm.audioPaused', { untilMs: audioPauseUntil(protocol, now) }, now, now, nurse);
          return;
        case 'nothing':
          return;
      }
    },
    /** The alarm engine's and the readiness monitor's passes at `now`, until neither has anything to store. */
    settle(now: number) {
      for (let pass = 0; pass < 6; pass += 1) {
        const current = state!;
        const drafts = planAlarmEvents(current, evaluateAlarmConditions(current, protocol, now), protocol, now);
        for (const draft of drafts) append(draft.type, draft.payload as never, now, now, draft.actor);
        const afterAlarms = state!;
        const readiness = ['monitoring', 'ready_for_discharge'].includes(afterAlarms.phase)
          ? readinessTransitions(afterAlarms, evaluateDischarge(afterAlarms, rules, now, activeAlarms(afterAlarms).length))
          : [];
        for (const event of readiness) append(event.type, event.payload as never, now, now, { kind: 'system', displayName: 'Vigil' });
        if (drafts.length === 0 && readiness.length === 0) return;
      }
      throw new Error('the engine did not settle');
    },
    /** Each step acted at its gap after the one before (from T0) and settled; yields the state and time after it. */
    *play(steps: readonly { gapMs: number; action: Action }[]) {
      let now = T0;
      for (const step of steps) {
        now += step.gapMs;
        this.act(step.action, now);
        this.settle(now);
        yield { state: state!, now };
      }
    },
  };
}

/** What the readiness monitor would store at `now`. */
function readinessAt(state: SessionState, rules: ReturnType<typeof lifecycleRulesFrom>, now: number) {
  if (state.phase !== 'monitoring' && state.phase !== 'ready_for_discharge') return [];
  return readinessTransitions(state, evaluateDischarge(state, rules, now, activeAlarms(state).length));
}

const plan = (state: SessionState, protocol: Protocol, now: number) =>
  planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);

describe('incremental alarm and readiness rules equal the full re-evaluation (random sessions)', () => {
  for (const [name, protocol, steps, numRuns] of [
    ['standard protocol', standard, fc.array(stepArb, { minLength: 1, maxLength: 60 }), 60],
    ['brisk protocol', brisk, fc.array(stepArb, { minLength: 1, maxLength: 60 }), 60],
    // Longer sessions (the full re-fold at every step is quadratic): fewer of them.
    ['calm sessions that become ready', reachable, calmStepsArb, 25],
  ] as const) {
    it(`${name}: the kept index equals one built from the whole record, and every decision equals the one on the record folded afresh, at every step and at later times`, () => {
      fc.assert(
        fc.property(steps, fc.array(fc.integer({ min: 0, max: 40 * MINUTE }), { minLength: 2, maxLength: 2 }), (steps, laters) => {
          const session = liveSession(protocol);
          for (const { state, now } of session.play(steps)) {
            expect(ruleIndexOf(state)).toEqual(buildRuleIndex(state));
            const afresh = foldSessionEvents(session.events)!;
            expect(afresh).not.toBe(state);
            for (const at of [now, ...laters.map((later) => now + later)]) {
              expect(evaluateAlarmConditions(state, protocol, at)).toEqual(evaluateAlarmConditions(afresh, protocol, at));
              expect(plan(state, protocol, at)).toEqual(plan(afresh, protocol, at));
              expect(evaluateDischarge(state, session.rules, at, activeAlarms(state).length)).toEqual(
                evaluateDischarge(afresh, session.rules, at, activeAlarms(afresh).length),
              );
            }
          }
        }),
        { numRuns },
      );
    });

    it(`${name}: nothing the engine or the readiness monitor would store changes before the due instant they give`, () => {
      fc.assert(
        fc.property(steps, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (steps, fractions) => {
          const session = liveSession(protocol);
          for (const { state, now } of session.play(steps)) {
            expect(plan(state, protocol, now)).toEqual([]);
            expect(readinessAt(state, session.rules, now)).toEqual([]);
            const alarmDue = nextAlarmDueAt(state, protocol, now) ?? now + 3 * 3_600_000;
            const readinessDue = nextReadinessDueAt(state, session.rules, now) ?? now + 3 * 3_600_000;
            expect(alarmDue).toBeGreaterThan(now);
            expect(readinessDue).toBeGreaterThan(now);
            const samples = (due: number) =>
              [now + 1, due - 1, ...fractions.map((f) => now + 1 + Math.floor(f * (due - now - 2)))].filter((t) => t > now && t < due);
            for (const at of samples(alarmDue))
              expect(plan(state, protocol, at), `alarms at +${at - now} ms (due +${alarmDue - now})`).toEqual([]);
            for (const at of samples(readinessDue))
              expect(readinessAt(state, session.rules, at), `readiness at +${at - now} ms`).toEqual([]);
          }
        }),
        { numRuns },
      );
    });
  }

  it('a generated long session keeps a reading as cheap as the first: the index is stepped, never rebuilt, by readings', () => {
    const session = liveSession(standard);
    let now = T0;
    for (let index = 0; index < 2_000; index += 1) {
      now += SECOND;
      session.act({ kind: 'vitals', vitals: { spo2Percent: 97, heartRateBpm: 70 }, device: 0, lateMs: 0 }, now);
    }
    const before = session.state();
    const kept = ruleIndexOf(before);
    session.act({ kind: 'vitals', vitals: { spo2Percent: 96 }, device: 0, lateMs: 0 }, now + SECOND);
    const after = ruleIndexOf(session.state());
    // Stepped: the parts a reading does not touch are the very same objects.
    expect(after.artifactReadingIds).toBe(kept.artifactReadingIds);
    expect(after.latest.heartRateBpm).toBe(kept.latest.heartRateBpm);
    expect(after.latest.spo2Percent).toMatchObject({ value: 96, readingId: 'r2001' });
  });
});
