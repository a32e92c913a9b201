import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySessionEvent, foldSessionEvents } from '../../../shared/session/reducer';
import { selectBaseline, selectLatestReading } from '../../../shared/session/selectors';
import { eventLog } from '../../support/events';

function typicalSession() {
  const log = eventLog();
  log.add('session.opened', { roomId: 'room-1', patientAlias: 'J.D.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' }, log.t0);
  log.add(
    'vitals.recorded',
    { readingId: 'r1', vitals: { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 72, spo2Percent: 98, respiratoryRatePerMin: 14 } },
    log.minutes(5),
  );
  log.add('dose.recorded', { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' }, log.minutes(10));
  log.add(
    'vitals.recorded',
    { readingId: 'r2', vitals: { systolicMmHg: 150, diastolicMmHg: 95, heartRateBpm: 80, spo2Percent: 97, respiratoryRatePerMin: 15 } },
    log.minutes(50),
  );
  return log;
}

describe('session reducer', () => {
  it('folds a session into its state: phase, dose time, ordered readings, baseline', () => {
    const { events, minutes } = typicalSession();
    const state = foldSessionEvents(events)!;
    expect(state.phase).toBe('monitoring');
    expect(state.dosedAt).toBe(minutes(10));
    expect(state.readings.map((r) => r.readingId)).toEqual(['r1', 'r2']);
    expect(selectBaseline(state)?.readingId).toBe('r1');
    expect(selectLatestReading(state)?.vitals.systolicMmHg).toBe(150);
    expect(state.lastSeq).toBe(4);
  });

  it('places a reading entered late at the time it was measured', () => {
    const log = typicalSession();
    log.add('vitals.recorded', { readingId: 'late', vitals: { spo2Percent: 96 } }, log.minutes(30));
    const state = foldSessionEvents(log.events)!;
    expect(state.readings.map((r) => r.readingId)).toEqual(['r1', 'late', 'r2']);
  });

  it('ignores an event it has already applied', () => {
    const { events } = typicalSession();
    const state = foldSessionEvents(events)!;
    expect(applySessionEvent(state, events[1]!)).toBe(state);
  });

  it('ignores events before the session is opened, and events of another session', () => {
    const { events } = typicalSession();
    expect(applySessionEvent(null, events[1]!)).toBeNull();
    const state = foldSessionEvents(events)!;
    const other = { ...events[3]!, sessionId: 'other', seq: 99 };
    expect(applySessionEvent(state, other)).toBe(state);
  });

  it('replaying any prefix twice gives the same state as replaying it once', () => {
    const { events } = typicalSession();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: events.length }), fc.integer({ min: 0, max: events.length }), (cut, repeat) => {
        const once = foldSessionEvents(events.slice(0, cut));
        const twice = foldSessionEvents([...events.slice(0, cut), ...events.slice(0, Math.min(repeat, cut))]);
        expect(twice).toEqual(once);
      }),
    );
  });
});
