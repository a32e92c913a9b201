import fc from 'fast-check';
import type { Actor } from '../../shared/session/actor';
import type { SessionEvent, SessionEventPayload, SessionEventType } from '../../shared/session/events';
import { applySessionEvent } from '../../shared/session/reducer';
import { EVIDENCE_WINDOW_MS } from '../../shared/session/recentTails';
import { ruleIndexOf } from '../../shared/session/ruleIndex';
import type { SessionState } from '../../shared/session/state';
import type { VitalSet } from '../../shared/vitals/schema';
import { nurse } from './events';
import { vitalSetArb } from './vitalArbitraries';

/**
 * Random sessions for the property tests of what the rule index keeps (recent tails, latest
 * values) and of what the alarm rules read from it: out-of-order readings (late by seconds to
 * an hour), a server clock that sometimes steps back, gaps longer than the evidence window,
 * vitals never measured, artifact marks, confirmations, amendments, and bursts long enough to
 * fill and truncate the tail. `play` folds them through the reducer one event at a time.
 */
export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60_000;
export const monitor: Actor = { kind: 'device', deviceId: 'mon-1', displayName: 'Monitor 1' };
const oximeter: Actor = { kind: 'device', deviceId: 'oxi-1', displayName: 'Oximeter 1' };

type Action =
  | { kind: 'vitals'; vitals: VitalSet; by: 'nurse' | 'monitor' | 'oximeter'; lateMs: number }
  | { kind: 'burst'; count: number; by: 'monitor' | 'oximeter'; withTemperature: boolean }
  | { kind: 'artifact'; pick: number }
  | { kind: 'confirm'; pick: number }
  | { kind: 'amend'; pick: number }
  | { kind: 'observation' }
  | { kind: 'dose'; lateMs: number; atReading: number | null };

const vitalsArb = vitalSetArb({ temperature: true });

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('vitals' as const),
      vitals: vitalsArb,
      by: fc.constantFrom('nurse' as const, 'monitor' as const, 'oximeter' as const),
      lateMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 * SECOND }), fc.integer({ min: 0, max: 60 * MINUTE })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      count: fc.integer({ min: 1, max: 160 }),
      by: fc.constantFrom('monitor' as const, 'oximeter' as const),
      withTemperature: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('artifact' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amend' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'observation' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dose' as const),
      lateMs: fc.integer({ min: 0, max: 10 * MINUTE }),
      atReading: fc.option(fc.nat()),
    }),
  },
);

/** The server time between two steps: mostly seconds, sometimes past the window or exactly at its edge, sometimes a clock stepping back. */
const gapArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 * SECOND }) },
  { weight: 1, arbitrary: fc.constant(EVIDENCE_WINDOW_MS) },
  { weight: 2, arbitrary: fc.integer({ min: 30 * SECOND, max: 20 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: -2 * MINUTE, max: -1 }) },
);
export const stepsArb = fc.array(fc.record({ gapMs: gapArb, action: actionArb }), { minLength: 1, maxLength: 50 });

/** Plays the steps through the reducer (the index carried one event at a time); yields the state after each event. */
export function* play(steps: readonly { gapMs: number; action: Action }[]) {
  const events: SessionEvent[] = [];
  let state: SessionState | null = null;
  let readings = 0;
  let observations = 0;
  let now = T0;
  const append = <T extends SessionEventType>(type: T, payload: SessionEventPayload<T>, observedAt: number, actor: Actor) => {
    const event = {
      sessionId: 's-1',
      seq: events.length + 1,
      type,
      payload,
      observedAt,
      recordedAt: now,
      actor,
      commandId: `c${events.length + 1}`,
    };
    events.push(event as SessionEvent);
    state = applySessionEvent(state, event as SessionEvent);
  };
  append('session.opened', { roomId: 'room-1', patientAlias: 'P', protocolId: 'p', protocolName: 'P' }, T0, nurse);
  // Asked once here, the index is then carried by the reducer.
  ruleIndexOf(state!);
  const pick = (index: number) => state!.readings[index % Math.max(1, state!.readings.length)];
  for (const { gapMs, action } of steps) {
    now += gapMs;
    switch (action.kind) {
      case 'vitals': {
        if (Object.keys(action.vitals).length === 0) break;
        readings += 1;
        const actor = action.by === 'nurse' ? nurse : action.by === 'monitor' ? monitor : oximeter;
        append('vitals.recorded', { readingId: `r${readings}`, vitals: action.vitals }, now - action.lateMs, actor);
        break;
      }
      case 'burst':
        // A monitor streaming a sample a second (an oximeter: SpO2 and pulse only), stored as fast as it comes.
        for (let index = 0; index < action.count; index += 1) {
          readings += 1;
          now += 5;
          const vitals: VitalSet =
            action.by === 'oximeter'
              ? { spo2Percent: 90 + (index % 9), heartRateBpm: 60 + (index % 40) }
              : { systolicMmHg: 110 + (index % 30), diastolicMmHg: 70 + (index % 9), heartRateBpm: 60 + (index % 40), spo2Percent: 95 };
          if (action.withTemperature && index % 7 === 0) vitals.temperatureC = 37;
          append(
            'vitals.recorded',
            { readingId: `r${readings}`, vitals },
            now + index * SECOND,
            action.by === 'oximeter' ? oximeter : monitor,
          );
          yield state!;
        }
        break;
      case 'artifact': {
        const reading = pick(action.pick);
        if (reading) append('reading.artifactMarked', { readingId: reading.readingId, reason: 'probe off' }, now, nurse);
        break;
      }
      case 'confirm': {
        const reading = pick(action.pick);
        if (reading) append('reading.confirmed', { readingId: reading.readingId }, now, nurse);
        break;
      }
      case 'amend': {
        const reading = pick(action.pick);
        if (reading)
          append(
            'amendment.recorded',
            { targetSeq: reading.seq, reason: 'wrong patient', change: { kind: 'note', text: 'Cuff on the wrong arm' } },
            now,
            nurse,
          );
        break;
      }
      case 'dose':
        // The first dose starts the clock (sometimes at the very time of a reading: it counts as before the dose).
        append(
          'dose.recorded',
          { doseId: `d${events.length}`, drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L1' },
          action.atReading === null ? now - action.lateMs : (pick(action.atReading)?.observedAt ?? now),
          nurse,
        );
        break;
      case 'observation':
        observations += 1;
        append('observation.recorded', { observationId: `o${observations}`, observation: { kind: 'moaas', score: 5 } }, now, nurse);
        break;
    }
    yield state!;
  }
  return events;
}
