import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { ALARM_SYSTEM_ACTOR, planAlarmEvents } from '../../../shared/alerts/planner';
import { alarmsNeedingSound, escalatedAlarms } from '../../../shared/alerts/selectors';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import { alarmSession, NORMAL_VITALS, oximeter, prescriber, summarize } from '../../support/alarms';

const protocol = spravato56Protocol();
const SECOND = 1 / 60;
const MS = 1 / 60_000;
const HIGH_BP = { ...NORMAL_VITALS, systolicMmHg: 184, diastolicMmHg: 96 };

/** A session with a high systolic reading at minute 1, raised by the loop at minute 1. */
function raisedHighBp() {
  const session = alarmSession();
  const readingId = session.vitals(1, HIGH_BP);
  expect(summarize(session.run(protocol, 1))).toEqual(['alarm.raised limit:systolic-high']);
  return { session, readingId };
}

describe('planAlarmEvents: raise, idempotency, determinism', () => {
  it('raises once with the system actor at now; planning again on the result plans nothing', () => {
    const { session } = raisedHighBp();
    const raised = session.events.at(-1)!;
    expect(raised).toMatchObject({
      actor: ALARM_SYSTEM_ACTOR,
      observedAt: session.minutes(1),
      payload: { priority: 'high', readingId: 'r1' },
    });
    expect(session.run(protocol, 1)).toEqual([]);
    expect(session.run(protocol, 1 + 30 * SECOND)).toEqual([]);
  });

  it('the same log at the same time plans the same command ids; another session gets other ids', () => {
    const plan = (sessionId: string) => {
      const session = alarmSession(sessionId);
      session.vitals(1, HIGH_BP);
      const state = session.state();
      const now = session.minutes(2);
      return planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now).map((draft) => draft.commandId);
    };
    expect(plan('s-1')).toEqual(plan('s-1'));
    expect(plan('s-1')[0]).toMatch(/^alarm-[0-9a-f]{16}$/);
    expect(plan('s-2')).not.toEqual(plan('s-1'));
  });

  it('the raise of the same occurrence has the same command id whatever the time it is planned at', () => {
    const session = alarmSession();
    session.vitals(1, HIGH_BP);
    const state = session.state();
    const at = (minute: number) =>
      planAlarmEvents(state, evaluateAlarmConditions(state, protocol, session.minutes(minute)), protocol, session.minutes(minute));
    expect(at(1)[0]?.commandId).toBe(at(1.5)[0]?.commandId);
  });

  it('nothing measured, or a protocol without limits: nothing planned', () => {
    const empty = alarmSession();
    expect(empty.run(protocol, 5)).toEqual([]);
    const noLimits: Protocol = { ...protocol, alarmLimits: [], news2: { ...protocol.news2, mediumAt: 19, highAt: 20 } };
    const session = alarmSession();
    session.vitals(1, HIGH_BP);
    expect(session.run(noLimits, 2)).toEqual([]);
  });
});

describe('latching (high alarms stay until acknowledged)', () => {
  it('a high alarm latches when its condition clears; acknowledging then closes it', () => {
    const { session } = raisedHighBp();
    session.vitals(1.5, NORMAL_VITALS);
    expect(summarize(session.run(protocol, 1.5))).toEqual(['alarm.cleared limit:systolic-high']);
    expect(session.state().alarms).toMatchObject([{ status: 'latched', conditionClearedAt: session.minutes(1.5) }]);
    // Nobody owns it: still sounding, and it escalates like an active one.
    expect(summarize(session.run(protocol, 10))).toEqual(['alarm.escalated limit:systolic-high']);
    expect(alarmsNeedingSound(session.state(), session.minutes(10), null)).toHaveLength(1);
    session.acknowledge(11, 'limit:systolic-high');
    expect(session.state().alarms).toMatchObject([{ status: 'cleared', clearedAt: session.minutes(11) }]);
    expect(session.run(protocol, 12)).toEqual([]);
  });

  it('a medium alarm, or a high one already acknowledged, simply clears', () => {
    const medium = alarmSession();
    medium.vitals(1, { ...NORMAL_VITALS, heartRateBpm: 72 });
    medium.moaas(1, 3);
    expect(summarize(medium.run(protocol, 1))).toEqual(['alarm.raised limit:moaas-medium']);
    medium.moaas(2, 5);
    medium.run(protocol, 2);
    expect(medium.state().alarms[0]?.status).toBe('cleared');

    const { session } = raisedHighBp();
    session.acknowledge(1.5, 'limit:systolic-high');
    session.vitals(2, NORMAL_VITALS);
    session.run(protocol, 2);
    expect(session.state().alarms[0]?.status).toBe('cleared');
  });

  it('a latched alarm whose condition returns is active again (same occurrence); past the episode window it is a new occurrence', () => {
    const { session } = raisedHighBp();
    session.vitals(2, NORMAL_VITALS);
    session.run(protocol, 2);
    session.vitals(3, HIGH_BP);
    expect(summarize(session.run(protocol, 3))).toEqual(['alarm.raised limit:systolic-high']);
    expect(session.state().alarms).toMatchObject([{ occurrence: 0, status: 'active', readingId: 'r3' }]);
    session.acknowledge(4, 'limit:systolic-high');
    session.vitals(5, NORMAL_VITALS);
    session.run(protocol, 5);
    // Back 11 minutes after it cleared: past the 10-minute episode window, a new alarm.
    session.vitals(16, HIGH_BP);
    session.run(protocol, 16);
    expect(session.state().alarms.map((alarm) => `${alarm.occurrence} ${alarm.status}`)).toEqual(['0 cleared', '1 active']);
  });

  it('an alarm that latches, returns and clears again gets a new command id each time (none dropped as a duplicate)', () => {
    const { session } = raisedHighBp();
    const planned: string[] = [];
    const run = (minute: number) => {
      const state = session.state();
      const now = session.minutes(minute);
      const drafts = planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);
      planned.push(...drafts.map((draft) => draft.commandId));
      session.commit(drafts);
      return summarize(drafts);
    };
    for (const minute of [1.2, 1.4, 1.6]) {
      session.vitals(minute, NORMAL_VITALS);
      expect(run(minute)).toEqual(['alarm.cleared limit:systolic-high']);
      expect(session.state().alarms[0]?.status).toBe('latched');
      session.vitals(minute + 0.1, HIGH_BP);
      expect(run(minute + 0.1)).toEqual(['alarm.raised limit:systolic-high']);
      expect(session.state().alarms[0]?.status).toBe('active');
    }
    expect(new Set(planned).size).toBe(planned.length);
  });

  it('marking the reading artifact clears the alarm it caused, latched or active, without acknowledgement', () => {
    const active = raisedHighBp();
    active.session.artifact(2, active.readingId);
    expect(summarize(active.session.run(protocol, 2))).toEqual(['alarm.cleared limit:systolic-high']);
    expect(active.session.state().alarms[0]).toMatchObject({ status: 'cleared', acknowledgedAt: null });

    const latched = raisedHighBp();
    latched.session.vitals(2, NORMAL_VITALS);
    latched.session.run(protocol, 2);
    latched.session.artifact(3, latched.readingId);
    expect(summarize(latched.session.run(protocol, 3))).toEqual(['alarm.cleared limit:systolic-high']);
    expect(latched.session.state().alarms[0]?.status).toBe('cleared');
  });
});

describe('re-alarm after acknowledgement (protocol: 3 min)', () => {
  it.each([
    { after: 3 - MS, expected: [] },
    { after: 3, expected: ['alarm.reAlarmed limit:systolic-high'] },
    { after: 3 + MS, expected: ['alarm.reAlarmed limit:systolic-high'] },
  ])('acknowledged at 2, condition persists, evaluated $after min later -> $expected', ({ after, expected }) => {
    const { session } = raisedHighBp();
    session.acknowledge(2, 'limit:systolic-high');
    expect(summarize(session.run(protocol, 2 + after))).toEqual(expected);
  });

  it('a re-alarm needs a new acknowledgement and sounds again; the first acknowledgement stays in the history', () => {
    const { session } = raisedHighBp();
    session.acknowledge(2, 'limit:systolic-high', 'seen');
    session.run(protocol, 5);
    const [alarm] = session.state().alarms;
    expect(alarm).toMatchObject({ acknowledgedAt: null, reAlarmedAt: session.minutes(5), lastSoundedAt: session.minutes(5) });
    expect(alarm?.acknowledgements).toHaveLength(1);
    expect(alarmsNeedingSound(session.state(), session.minutes(5), null)).toHaveLength(1);
    expect(session.run(protocol, 5)).toEqual([]);
  });

  it('follows the protocol setting', () => {
    const { session } = raisedHighBp();
    session.acknowledge(2, 'limit:systolic-high');
    const quick: Protocol = { ...protocol, reAlarmAfterAcknowledgeMinutes: 1 };
    expect(summarize(session.run(quick, 3))).toEqual(['alarm.reAlarmed limit:systolic-high']);
  });
});

describe('escalation of unacknowledged high alarms (protocol: 60 s)', () => {
  it.each([
    { after: 60 * SECOND - MS, expected: [] },
    { after: 60 * SECOND, expected: ['alarm.escalated limit:systolic-high'] },
    { after: 60 * SECOND + MS, expected: ['alarm.escalated limit:systolic-high'] },
  ])('raised at 1, unacknowledged, evaluated $after min later -> $expected', ({ after, expected }) => {
    const { session } = raisedHighBp();
    expect(summarize(session.run(protocol, 1 + after))).toEqual(expected);
  });

  it('escalates once per sounding; again after a re-alarm goes unanswered; never once acknowledged', () => {
    const { session } = raisedHighBp();
    session.run(protocol, 2);
    expect(escalatedAlarms(session.state())).toHaveLength(1);
    expect(session.run(protocol, 2.5)).toEqual([]);
    session.acknowledge(2.5, 'limit:systolic-high', undefined, prescriber);
    expect(escalatedAlarms(session.state())).toHaveLength(0);
    expect(summarize(session.run(protocol, 5.5))).toEqual(['alarm.reAlarmed limit:systolic-high']);
    expect(summarize(session.run(protocol, 6.5))).toEqual(['alarm.escalated limit:systolic-high']);
  });

  it('medium and low alarms never escalate', () => {
    const session = alarmSession();
    session.vitals(1, NORMAL_VITALS);
    session.moaas(1, 3);
    session.run(protocol, 1);
    expect(session.run(protocol, 30)).toEqual([]);
  });
});

describe('recheck (confirmation) and overdue transitions through the planner', () => {
  it('a single oximeter SpO2 93 is raised silent ("checking"), confirmed when no repeat comes in 90 s, never escalated (medium)', () => {
    const session = alarmSession();
    session.vitals(0.5, NORMAL_VITALS);
    session.vitals(1, { spo2Percent: 93 }, oximeter);
    session.run(protocol, 1);
    expect(session.state().alarms).toMatchObject([{ alarmId: 'limit:spo2-medium', status: 'recheck', lastSoundedAt: null }]);
    expect(alarmsNeedingSound(session.state(), session.minutes(1.5), null)).toEqual([]);
    expect(session.run(protocol, 2.5 - MS)).toEqual([]);
    expect(summarize(session.run(protocol, 2.5))).toEqual(['alarm.confirmed limit:spo2-medium']);
    expect(session.state().alarms[0]).toMatchObject({ status: 'active', confirmedAt: session.minutes(2.5) });
  });

  it('a normal repeat within the window clears the recheck without ever sounding', () => {
    const session = alarmSession();
    session.vitals(0.5, NORMAL_VITALS);
    session.vitals(1, { spo2Percent: 93 }, oximeter);
    session.run(protocol, 1);
    session.vitals(1.5, { spo2Percent: 97 }, oximeter);
    expect(summarize(session.run(protocol, 1.5))).toEqual(['alarm.cleared limit:spo2-medium']);
    expect(session.state().alarms[0]).toMatchObject({ status: 'cleared', lastSoundedAt: null });
  });

  it('an overdue check: low, then the low clears as the medium is raised; a late reading clears it', () => {
    const session = alarmSession();
    session.vitals(-2, NORMAL_VITALS);
    session.dose(0);
    expect(summarize(session.run(protocol, 20))).toEqual(['alarm.raised overdue:15:low']);
    expect(session.run(protocol, 30)).toEqual([]);
    expect(summarize(session.run(protocol, 35))).toEqual([
      'alarm.cleared overdue:15:low',
      'alarm.raised overdue:15:medium',
      'alarm.raised overdue:30:low',
    ]);
    session.vitals(36, NORMAL_VITALS);
    expect(summarize(session.run(protocol, 36))).toEqual(['alarm.cleared overdue:15:medium', 'alarm.cleared overdue:30:low']);
  });

  it('a closed session plans no raise', () => {
    const session = alarmSession();
    session.vitals(1, HIGH_BP);
    session.add('session.endedEarly', { reason: 'Patient asked to stop' }, session.minutes(1));
    expect(session.run(protocol, 2)).toEqual([]);
  });
});

describe('invariants (property tests)', () => {
  const vitals = fc.record({
    systolicMmHg: fc.integer({ min: 100, max: 200 }),
    heartRateBpm: fc.integer({ min: 35, max: 140 }),
    spo2Percent: fc.integer({ min: 86, max: 100 }),
    respiratoryRatePerMin: fc.integer({ min: 6, max: 26 }),
  });
  const step = fc.oneof(
    vitals.map((v) => ({ kind: 'vitals' as const, v })),
    fc.constant({ kind: 'acknowledge' as const }),
    fc.constant({ kind: 'artifact' as const }),
    fc.constant({ kind: 'wait' as const }),
  );

  it('planning twice at the same time plans nothing the second time; at most one open occurrence per alarm id', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const session = alarmSession();
        let minute = 0;
        let lastReading: string | null = null;
        for (const next of steps) {
          minute += 0.75;
          if (next.kind === 'vitals') {
            const { systolicMmHg, heartRateBpm, spo2Percent, respiratoryRatePerMin } = next.v;
            lastReading = session.vitals(minute, { systolicMmHg, diastolicMmHg: 70, heartRateBpm, spo2Percent, respiratoryRatePerMin });
          } else if (next.kind === 'acknowledge') {
            const open = session.state().alarms.find((alarm) => alarm.status !== 'cleared' && alarm.acknowledgedAt === null);
            if (open) session.acknowledge(minute, open.alarmId);
          } else if (next.kind === 'artifact' && lastReading) {
            session.artifact(minute, lastReading);
          }
          session.run(protocol, minute);
          expect(session.run(protocol, minute)).toEqual([]);
          const open = session
            .state()
            .alarms.filter((alarm) => alarm.status !== 'cleared')
            .map((alarm) => alarm.alarmId);
          expect(new Set(open).size).toBe(open.length);
        }
        // Every planned step has its own deterministic command id (none would be dropped as a duplicate).
        const state = session.state();
        const now = session.minutes(minute);
        const replanned = planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);
        expect(replanned).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
