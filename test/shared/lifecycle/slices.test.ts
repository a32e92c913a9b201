import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySessionEvent, foldSessionEvents } from '../../../shared/session/reducer';
import type { SessionEvent } from '../../../shared/session/events';
import { DOSE_MINUTE, dosedSession, nurse, prescriber, recoveredSession, sessionLog, system, therapist } from './fixtures';

describe('lifecycle slices', () => {
  it('keeps ticks with who and when, and removes them on untick', () => {
    const log = sessionLog();
    log.add(
      'checklist.itemTicked',
      { checklist: 'pre_dose', itemId: 'intention_noted', note: 'Wants to feel less stuck' },
      log.minutes(1),
      therapist,
    );
    log.add(
      'checklist.itemTicked',
      { checklist: 'discharge', itemId: 'integration_booked', date: log.minutes(3 * 1440) },
      log.minutes(2),
      nurse,
    );
    expect(log.state().checklists.pre_dose['intention_noted']).toEqual({
      itemId: 'intention_noted',
      seq: 2,
      tickedAt: log.minutes(1),
      tickedBy: therapist,
      note: 'Wants to feel less stuck',
    });
    expect(log.state().checklists.discharge['integration_booked']?.date).toBe(log.minutes(3 * 1440));
    log.add('checklist.itemUnticked', { checklist: 'pre_dose', itemId: 'intention_noted' }, log.minutes(3), therapist);
    expect(log.state().checklists.pre_dose).toEqual({});
  });

  it('stores the dose details; a further dose keeps the clock on the first', () => {
    const log = dosedSession();
    log.add(
      'dose.recorded',
      { doseId: 'd-extra', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L1', deviceCount: 1 },
      log.minutes(DOSE_MINUTE + 5),
      nurse,
    );
    const state = log.state();
    expect(state.doses.map((d) => [d.doseMg, d.deviceCount])).toEqual([
      [56, 2],
      [28, 1],
    ]);
    expect(state.dosedAt).toBe(log.minutes(DOSE_MINUTE));
    expect(state.phase).toBe('monitoring');
    const weighed = sessionLog();
    weighed.add(
      'dose.recorded',
      { doseId: 'k', drug: 'ketamine', doseMg: 35, mgPerKg: 0.5, weightKg: 70, route: 'intravenous', lotNumber: '' },
      weighed.minutes(10),
      nurse,
    );
    expect(weighed.state().doses[0]).toMatchObject({ doseMg: 35, mgPerKg: 0.5, weightKg: 70, seq: 2 });
  });

  it('closes the alarms still open when the session is discharged or ended early', () => {
    for (const close of ['discharged', 'endedEarly'] as const) {
      const log = dosedSession();
      log.add(
        'alarm.raised',
        {
          alarmId: 'overdue:15:medium',
          kind: 'overdue_check',
          priority: 'medium',
          technical: false,
          message: 'The 15-minute check is overdue',
          recheck: false,
        },
        log.minutes(DOSE_MINUTE + 20),
        system,
      );
      log.add(
        'alarm.raised',
        { alarmId: 'limit:spo2-high', kind: 'limit', priority: 'high', technical: false, message: 'SpO2 88%', recheck: false },
        log.minutes(DOSE_MINUTE + 21),
        system,
      );
      log.add('alarm.cleared', { alarmId: 'overdue:15:medium' }, log.minutes(DOSE_MINUTE + 22), system);
      expect(log.state().alarms.map((alarm) => alarm.status)).toEqual(['cleared', 'active']);
      if (close === 'discharged') {
        log.add(
          'session.discharged',
          { override: { reason: 'Transfer to hospital' }, failingItemIds: ['no_active_alarm'] },
          log.minutes(DOSE_MINUTE + 30),
          prescriber,
        );
      } else {
        log.add('session.endedEarly', { reason: 'Patient asked to stop' }, log.minutes(DOSE_MINUTE + 30), prescriber);
      }
      const alarms = log.state().alarms;
      expect(alarms.map((alarm) => alarm.status)).toEqual(['cleared', 'cleared']);
      expect(alarms[1]?.clearedAt).toBe(log.minutes(DOSE_MINUTE + 30));
      expect(alarms[0]?.clearedAt).toBe(log.minutes(DOSE_MINUTE + 22));
    }
  });

  it('keeps the FIRST ready-for-discharge time through readiness lost and regained', () => {
    const log = recoveredSession();
    log.add('session.readyForDischarge', {}, log.minutes(135), system);
    log.add('session.readinessLost', { failingItemIds: ['no_active_alarm'] }, log.minutes(140), system);
    expect(log.state().phase).toBe('monitoring');
    log.add('session.readyForDischarge', {}, log.minutes(150), system);
    expect(log.state()).toMatchObject({ phase: 'ready_for_discharge', readyForDischargeAt: log.minutes(135) });
  });

  it('records discharge with its override, and nothing reopens a closed session', () => {
    const log = recoveredSession();
    log.add(
      'session.discharged',
      { override: { reason: 'Transfer' }, failingItemIds: ['minimum_observation'] },
      log.minutes(100),
      prescriber,
    );
    log.add('session.readyForDischarge', {}, log.minutes(135), system);
    log.add('session.endedEarly', { reason: 'late' }, log.minutes(136), prescriber);
    const state = log.state();
    expect(state.phase).toBe('discharged');
    expect(state.discharge).toEqual({
      seq: state.discharge!.seq,
      dischargedAt: log.minutes(100),
      dischargedBy: prescriber,
      override: { reason: 'Transfer' },
      failingItemIds: ['minimum_observation'],
      disposition: 'home',
      dispositionReason: null,
    });
    expect(state.readyForDischargeAt).toBeNull();
    expect(state.endedEarly).toBeNull();
  });

  it('takes the discharge time as the ready time when discharged with every item holding and no readiness event', () => {
    const clean = recoveredSession();
    clean.add('session.discharged', { override: null, failingItemIds: [] }, clean.minutes(140), nurse);
    expect(clean.state().readyForDischargeAt).toBe(clean.minutes(140));
    const ready = recoveredSession();
    ready.add('session.readyForDischarge', {}, ready.minutes(135), system);
    ready.add('session.discharged', { override: null, failingItemIds: [] }, ready.minutes(140), nurse);
    expect(ready.state().readyForDischargeAt).toBe(ready.minutes(135));
  });

  it('records ending early with its reason', () => {
    const log = sessionLog();
    log.add('session.endedEarly', { reason: 'Baseline 182/112; not dosed' }, log.minutes(5), prescriber);
    expect(log.state()).toMatchObject({
      phase: 'ended_early',
      endedEarly: { endedAt: log.minutes(5), reason: 'Baseline 182/112; not dosed', endedBy: prescriber },
    });
  });

  it('amendments correct a dose time (moving dosedAt) or lot, and are kept with their reason', () => {
    const log = dosedSession();
    const first = log.events.find((e) => e.type === 'dose.recorded')!;
    const second = log.dose(DOSE_MINUTE + 5);
    log.add(
      'amendment.recorded',
      { targetSeq: second.seq, reason: 'Second device first', change: { kind: 'dose_time', administeredAt: log.minutes(DOSE_MINUTE - 2) } },
      log.minutes(30),
      nurse,
    );
    expect(log.state().dosedAt).toBe(log.minutes(DOSE_MINUTE - 2));
    expect(log.state().doses.map((d) => d.seq)).toEqual([second.seq, first.seq]);
    log.add(
      'amendment.recorded',
      { targetSeq: first.seq, reason: 'Typo', change: { kind: 'dose_lot', lotNumber: 'L9' } },
      log.minutes(31),
      nurse,
    );
    log.add(
      'amendment.recorded',
      { targetSeq: 1, reason: 'Alias', change: { kind: 'note', text: 'Alias is J.D.' } },
      log.minutes(32),
      nurse,
    );
    const state = log.state();
    expect(state.doses.find((d) => d.seq === first.seq)?.lotNumber).toBe('L9');
    expect(state.amendments.map((a) => [a.targetSeq, a.change.kind, a.reason])).toEqual([
      [second.seq, 'dose_time', 'Second device first'],
      [first.seq, 'dose_lot', 'Typo'],
      [1, 'note', 'Alias'],
    ]);
  });
});

/** A pool of lifecycle events to draw random logs from. */
function eventPool(): SessionEvent[] {
  const log = recoveredSession();
  log.add('session.readyForDischarge', {}, log.minutes(135), system);
  log.add('session.readinessLost', { failingItemIds: ['no_active_alarm'] }, log.minutes(136), system);
  log.add('checklist.itemUnticked', { checklist: 'discharge', itemId: 'responsible_adult' }, log.minutes(137), nurse);
  log.add('predose.advisoryAcknowledged', { reason: 'ok' }, log.minutes(4), prescriber);
  log.add('amendment.recorded', { targetSeq: 4, reason: 'x', change: { kind: 'note', text: 'y' } }, log.minutes(138), nurse);
  log.dose(DOSE_MINUTE + 3);
  log.add('session.endedEarly', { reason: 'stop' }, log.minutes(139), prescriber);
  log.add('session.discharged', { override: { reason: 'r' }, failingItemIds: [] }, log.minutes(140), prescriber);
  return log.events;
}

describe('folding is a pure function of the log', () => {
  const pool = eventPool();
  const [opened, ...rest] = pool;
  // Any subset of the pool in any order, renumbered 1..n after session.opened.
  const logs = fc
    .shuffledSubarray(rest)
    .map((events) => [opened!, ...events].map((event, index) => ({ ...event, seq: index + 1 }) as SessionEvent));

  it('folding the same events twice yields the same state', () => {
    fc.assert(
      fc.property(logs, (events) => {
        expect(foldSessionEvents(events)).toEqual(foldSessionEvents(structuredClone(events)));
      }),
    );
  });

  it('re-applying already-applied events changes nothing', () => {
    fc.assert(
      fc.property(logs, fc.array(fc.nat()), (events, repeats) => {
        const once = foldSessionEvents(events);
        let state = once;
        for (const index of repeats) state = applySessionEvent(state, events[index % events.length]!);
        expect(state).toEqual(once);
      }),
    );
  });

  it('the ready-to-leave time, once set, never changes', () => {
    fc.assert(
      fc.property(logs, (events) => {
        let state = foldSessionEvents(events.slice(0, 1));
        let firstReady: number | null = null;
        for (const event of events.slice(1)) {
          state = applySessionEvent(state, event);
          if (firstReady === null) firstReady = state?.readyForDischargeAt ?? null;
          else expect(state?.readyForDischargeAt).toBe(firstReady);
        }
      }),
    );
  });
});
