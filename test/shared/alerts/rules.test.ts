import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import type { VitalSet } from '../../../shared/vitals/schema';
import { alarmSession, NORMAL_VITALS, oximeter } from '../../support/alarms';

const protocol = spravato56Protocol();
const ids = (conditions: { alarmId: string }[]) => conditions.map((c) => c.alarmId);

describe('rise from the pre-dose baseline (+40 systolic, +25 diastolic)', () => {
  function riseAlarms(after: VitalSet) {
    const session = alarmSession();
    session.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    session.dose(0);
    session.vitals(40, after);
    return evaluateAlarmConditions(session.state(), protocol, session.minutes(41)).filter((c) => c.kind === 'baseline_rise');
  }

  it.each([
    { systolic: 159, expected: [] },
    { systolic: 160, expected: ['rise:systolic'] },
    { systolic: 161, expected: ['rise:systolic'] },
  ])('systolic 120 -> $systolic', ({ systolic, expected }) => {
    expect(ids(riseAlarms({ ...NORMAL_VITALS, systolicMmHg: systolic, diastolicMmHg: 85 }))).toEqual(expected);
  });

  it.each([
    { diastolic: 104, expected: [] },
    { diastolic: 105, expected: ['rise:diastolic'] },
    { diastolic: 106, expected: ['rise:diastolic'] },
  ])('diastolic 80 -> $diastolic', ({ diastolic, expected }) => {
    expect(ids(riseAlarms({ ...NORMAL_VITALS, systolicMmHg: 140, diastolicMmHg: diastolic }))).toEqual(expected);
  });

  it('is medium and names the baseline', () => {
    const [alarm] = riseAlarms({ ...NORMAL_VITALS, systolicMmHg: 162, diastolicMmHg: 90 });
    expect(alarm).toMatchObject({
      priority: 'medium',
      message: 'Systolic 162 mmHg — 42 above the pre-dose baseline of 120 (alarm at +40)',
    });
  });

  it.each([
    { systolic: 180, expected: ['rise:systolic medium'] },
    { systolic: 181, expected: ['limit:systolic-high high'] },
    { systolic: 182, expected: ['limit:systolic-high high'] },
  ])('one finding, one alarm: baseline 120, systolic $systolic -> $expected', ({ systolic, expected }) => {
    const session = alarmSession();
    session.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    session.dose(0);
    session.vitals(40, { ...NORMAL_VITALS, systolicMmHg: systolic, diastolicMmHg: 90 });
    const conditions = evaluateAlarmConditions(session.state(), protocol, session.minutes(41));
    expect(conditions.filter((c) => c.parameter === 'systolicMmHg').map((c) => `${c.alarmId} ${c.priority}`)).toEqual(expected);
  });

  it('a low-priority limit does not hide a medium rise on the same side', () => {
    const session = alarmSession();
    session.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    session.dose(0);
    session.vitals(40, { ...NORMAL_VITALS, systolicMmHg: 165, diastolicMmHg: 90 });
    const lowLimit: Protocol = {
      ...protocol,
      alarmLimits: [{ id: 'systolic-low-priority', parameter: 'systolicMmHg', comparator: '>=', value: 160, priority: 'low' }],
    };
    expect(ids(evaluateAlarmConditions(session.state(), lowLimit, session.minutes(41))).sort()).toEqual([
      'limit:systolic-low-priority',
      'rise:systolic',
    ]);
  });

  it('needs a dose, a baseline and a reading after the dose', () => {
    const predose = alarmSession();
    predose.vitals(-10, { ...NORMAL_VITALS, systolicMmHg: 110, diastolicMmHg: 70 });
    predose.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 165, diastolicMmHg: 100 });
    expect(ids(evaluateAlarmConditions(predose.state(), protocol, predose.minutes(-4))).filter((id) => id.startsWith('rise'))).toEqual([]);
    predose.dose(0);
    // The latest BP is the baseline itself (measured before the dose): no rise yet.
    expect(ids(evaluateAlarmConditions(predose.state(), protocol, predose.minutes(1))).filter((id) => id.startsWith('rise'))).toEqual([]);

    const noBaseline = alarmSession();
    noBaseline.dose(0);
    noBaseline.vitals(40, { ...NORMAL_VITALS, systolicMmHg: 175, diastolicMmHg: 105 });
    expect(
      ids(evaluateAlarmConditions(noBaseline.state(), protocol, noBaseline.minutes(41))).filter((id) => id.startsWith('rise')),
    ).toEqual([]);
  });

  it('an artifact baseline is skipped: the reading before it is the baseline', () => {
    const session = alarmSession();
    session.vitals(-10, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    const bad = session.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 95, diastolicMmHg: 60 });
    session.dose(0);
    session.vitals(40, { ...NORMAL_VITALS, systolicMmHg: 140, diastolicMmHg: 88 });
    expect(ids(evaluateAlarmConditions(session.state(), protocol, session.minutes(41))).filter((id) => id.startsWith('rise'))).toEqual(
      ['rise:systolic', 'rise:diastolic'].sort(),
    );
    session.artifact(42, bad);
    expect(ids(evaluateAlarmConditions(session.state(), protocol, session.minutes(43))).filter((id) => id.startsWith('rise'))).toEqual([]);
  });
});

describe('NEWS2 alarms', () => {
  function news2Alarms(vitals: VitalSet, moaas?: number) {
    const session = alarmSession();
    session.vitals(1, vitals);
    if (moaas !== undefined) session.moaas(1, moaas);
    return evaluateAlarmConditions(session.state(), protocol, session.minutes(2)).filter((c) => c.kind === 'news2');
  }
  // RR 21 (2) + SpO2 95 (1) + pulse 91 (1) = 4; each step below adds one point.
  const four: VitalSet = { systolicMmHg: 125, diastolicMmHg: 80, respiratoryRatePerMin: 21, spo2Percent: 95, heartRateBpm: 91 };

  it.each([
    { name: '4', vitals: four, expected: [] },
    { name: '5', vitals: { ...four, temperatureC: 38.1 }, expected: ['news2:aggregate:medium medium'] },
    { name: '6', vitals: { ...four, temperatureC: 38.1, systolicMmHg: 110 }, expected: ['news2:aggregate:medium medium'] },
    { name: '7', vitals: { ...four, temperatureC: 39.1, systolicMmHg: 110 }, expected: ['news2:aggregate:high high'] },
    { name: '8', vitals: { ...four, temperatureC: 39.1, systolicMmHg: 105, heartRateBpm: 111 }, expected: ['news2:aggregate:high high'] },
  ])('aggregate $name', ({ vitals, expected }) => {
    expect(news2Alarms(vitals).map((c) => `${c.alarmId} ${c.priority}`)).toEqual(expected);
  });

  it('explains the score and what was not measured', () => {
    const [alarm] = news2Alarms({ ...four, temperatureC: 38.1 });
    expect(alarm?.message).toBe(
      'NEWS2 score 5 — at or above 5 (respiratory rate 2, SpO2 1, heart rate 1, temperature 1); not measured: consciousness (MOAA/S)',
    );
    expect(alarm?.value).toBe(5);
  });

  it('a single parameter scoring 3 is medium when no limit already covers it (low systolic)', () => {
    expect(news2Alarms({ ...NORMAL_VITALS, systolicMmHg: 91, diastolicMmHg: 60 })).toEqual([]);
    expect(news2Alarms({ ...NORMAL_VITALS, systolicMmHg: 90, diastolicMmHg: 60 }).map((c) => `${c.alarmId} ${c.priority}`)).toEqual([
      'news2:single:systolicMmHg medium',
    ]);
  });

  it('MOAA/S 4 is "not alert": consciousness scores 3 (RCP), MOAA/S 5 scores 0', () => {
    expect(news2Alarms(NORMAL_VITALS, 5)).toEqual([]);
    const [alarm] = news2Alarms(NORMAL_VITALS, 4);
    expect(alarm).toMatchObject({ alarmId: 'news2:single:consciousness', priority: 'medium', observationId: 'o1' });
    expect(alarm?.message).toBe('NEWS2: MOAA/S 4 (not fully alert) scores 3 on its own — urgent review');
  });

  it('one finding, one alarm: a limit at least as urgent on the same parameter suppresses the single-3 alarm', () => {
    expect(news2Alarms({ ...NORMAL_VITALS, respiratoryRatePerMin: 8 })).toEqual([]);
    expect(news2Alarms({ ...NORMAL_VITALS, heartRateBpm: 131 })).toEqual([]);
    expect(news2Alarms({ ...NORMAL_VITALS, spo2Percent: 91 })).toEqual([]);
    expect(news2Alarms(NORMAL_VITALS, 3)).toEqual([]);
    // A low-priority limit does not cover a medium single-3 alarm.
    const session = alarmSession();
    session.vitals(1, { ...NORMAL_VITALS, heartRateBpm: 131 });
    const lowLimit: Protocol = {
      ...protocol,
      alarmLimits: [{ id: 'hr-low-priority', parameter: 'heartRateBpm', comparator: '>=', value: 120, priority: 'low' }],
    };
    expect(ids(evaluateAlarmConditions(session.state(), lowLimit, session.minutes(2)))).toEqual([
      'news2:single:heartRateBpm',
      'limit:hr-low-priority',
    ]);
  });

  it('a score reached only through a monitor sample that has not persisted waits with it ("checking")', () => {
    // The nurse types everything but SpO2 (deliberate); the oximeter sends one SpO2 93 at minute 1.
    const aggregateAndSpo2 = (moaas: number, typed: VitalSet, minute: number) => {
      const session = alarmSession();
      session.moaas(0, moaas);
      session.vitals(0.5, typed);
      session.vitals(1, { spo2Percent: 93 }, oximeter);
      return evaluateAlarmConditions(session.state(), protocol, session.minutes(minute))
        .filter((c) => c.alarmId.startsWith('news2:aggregate') || c.alarmId === 'limit:spo2-medium')
        .map((c) => `${c.alarmId} ${c.recheck}`);
    };
    const typed = { ...NORMAL_VITALS, spo2Percent: 97 };
    // MOAA/S 4 (3, no dose yet) + SpO2 93 (2) = 5, only 3 without the SpO2 still checking: silent with it.
    expect(aggregateAndSpo2(4, typed, 1.5)).toEqual(['limit:spo2-medium true', 'news2:aggregate:medium true']);
    // No repeat sample for the oximeter's 90 s wait: both sound.
    expect(aggregateAndSpo2(4, typed, 2.5)).toEqual(['limit:spo2-medium false', 'news2:aggregate:medium false']);
    // 3 + 2 + temperature 39.1 typed (2) = 7, 5 without the SpO2: a confirmed medium is not
    // enough for the high, which waits for the SpO2.
    expect(aggregateAndSpo2(4, { ...typed, temperatureC: 39.1 }, 1.5)).toContain('news2:aggregate:high true');
    // With RR 25 typed (3) instead: 3 + 3 + 2 = 8, 6 without the SpO2; with temperature 39.1 too, 8 without it: high at once.
    expect(aggregateAndSpo2(4, { ...typed, respiratoryRatePerMin: 25, temperatureC: 39.1 }, 1.5)).toContain('news2:aggregate:high false');
  });

  it('a medium aggregate that holds without the value awaiting its repeat sounds at once', () => {
    // A clinic protocol that also confirms heart rates >= 91 (NEWS2 1 point) before sounding.
    const confirmHeartRate: Protocol = {
      ...protocol,
      alarmLimits: [
        { id: 'hr-medium', parameter: 'heartRateBpm', comparator: '>=', value: 91, priority: 'medium', confirmWithinMinutes: 2 },
      ],
    };
    const aggregate = (temperatureC: number) => {
      const session = alarmSession();
      session.moaas(0, 4); // 3
      session.vitals(1, { ...NORMAL_VITALS, heartRateBpm: 95, temperatureC }); // HR 1, awaiting its repeat
      return evaluateAlarmConditions(session.state(), confirmHeartRate, session.minutes(1.5))
        .filter((c) => c.alarmId.startsWith('news2:aggregate'))
        .map((c) => `${c.alarmId} ${c.recheck}`);
    };
    expect(aggregate(39.1)).toEqual(['news2:aggregate:medium false']); // 3 + 2 = 5 confirmed, 6 in all
    expect(aggregate(38.5)).toEqual(['news2:aggregate:medium true']); // 3 + 1 = 4 confirmed, 5 in all
  });

  it('nothing measured, nothing scored', () => {
    const session = alarmSession();
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(1))).toEqual([]);
  });
});

describe('overdue scheduled checks (grace 5 min, medium 10 min later)', () => {
  /** Dosed at 0 with a reading at -2 (satisfies the 0-minute check). */
  function dosed() {
    const session = alarmSession();
    session.vitals(-2, NORMAL_VITALS);
    session.dose(0);
    return session;
  }
  const overdue = (session: ReturnType<typeof dosed>, minute: number) =>
    evaluateAlarmConditions(session.state(), protocol, session.minutes(minute)).filter((c) => c.kind === 'overdue_check');
  const ms = 1 / 60_000;

  it('low from due + grace, medium 10 min later, but not while the next check is on time', () => {
    const session = dosed();
    expect(overdue(session, 20 - ms)).toEqual([]);
    expect(overdue(session, 20).map((c) => `${c.alarmId} ${c.priority}`)).toEqual(['overdue:15:low low']);
    // 30 is when the 30-minute check falls due: the 15-minute one stays low while the 30 is
    // on time (25-35), and becomes medium as the 30 becomes overdue.
    expect(overdue(session, 30).map((c) => c.alarmId)).toEqual(['overdue:15:low']);
    expect(overdue(session, 35 - ms).map((c) => c.alarmId)).toEqual(['overdue:15:low']);
    expect(overdue(session, 35).map((c) => c.alarmId)).toEqual(['overdue:15:medium', 'overdue:30:low']);
    expect(overdue(session, 20)[0]?.message).toBe('The 15-minute check is overdue — no blood pressure recorded for it yet');
  });

  it('a reading counts from due - grace: 9:59.999 does not, 10:00 does', () => {
    const early = dosed();
    early.vitals(10 - ms, NORMAL_VITALS);
    expect(overdue(early, 20).map((c) => c.alarmId)).toEqual(['overdue:15:low']);
    const onTime = dosed();
    onTime.vitals(10, NORMAL_VITALS);
    expect(overdue(onTime, 20)).toEqual([]);
  });

  it('a late reading satisfies the missed check (its alarm clears) and any other one due', () => {
    const session = dosed();
    expect(overdue(session, 36).map((c) => c.alarmId)).toEqual(['overdue:15:medium', 'overdue:30:low']);
    session.vitals(36, NORMAL_VITALS);
    expect(overdue(session, 37)).toEqual([]);
  });

  it('an SpO2-only reading or an artifact does not satisfy a check', () => {
    const session = dosed();
    session.vitals(14, { spo2Percent: 97 }, oximeter);
    const artifact = session.vitals(15, NORMAL_VITALS);
    session.artifact(16, artifact);
    expect(overdue(session, 20).map((c) => c.alarmId)).toEqual(['overdue:15:low']);
  });

  it('no checks before the dose, and none once the session is closed', () => {
    const session = alarmSession();
    expect(overdue(session as ReturnType<typeof dosed>, 200)).toEqual([]);
    const closed = dosed();
    closed.add('session.endedEarly', { reason: 'Patient asked to stop' }, closed.minutes(5));
    expect(evaluateAlarmConditions(closed.state(), protocol, closed.minutes(60))).toEqual([]);
  });
});

describe('device silence', () => {
  const silence = (session: ReturnType<typeof alarmSession>, minute: number) =>
    evaluateAlarmConditions(session.state(), protocol, session.minutes(minute)).filter((c) => c.kind === 'device_silent');

  it('a device quiet for 10 min (server time) raises a technical medium alarm; sending again clears it', () => {
    const session = alarmSession();
    session.vitals(0, { spo2Percent: 98 }, oximeter); // recorded 500 ms after it was measured
    const halfSecond = 0.5 / 60;
    expect(silence(session, 10 + halfSecond - 1 / 60_000)).toEqual([]);
    expect(silence(session, 10 + halfSecond)).toEqual([
      {
        alarmId: 'device-silent:oxi-1',
        kind: 'device_silent',
        priority: 'medium',
        technical: true,
        recheck: false,
        message: 'No data from Oximeter 1 for 10 min or more — check the probe and the connection',
      },
    ]);
    expect(silence(session, 10 + halfSecond + 1 / 60_000)).toHaveLength(1);
    session.vitals(11, { spo2Percent: 97 }, oximeter);
    expect(silence(session, 12)).toEqual([]);
  });

  it('readings entered by people never count as a device; a device id with odd characters gets a stable safe id', () => {
    const session = alarmSession();
    session.vitals(0, NORMAL_VITALS);
    session.vitals(0, { spo2Percent: 98 }, { kind: 'device', deviceId: 'GE Dash/4000 #2', displayName: 'Dash' });
    const [alarm] = silence(session, 30);
    expect(alarm?.alarmId).toMatch(/^device-silent:h[0-9a-f]{16}$/);
    expect(silence(session, 30)).toEqual([alarm]);
  });

  it('only while monitoring or before the dose', () => {
    const session = alarmSession();
    session.vitals(-2, NORMAL_VITALS, oximeter);
    session.dose(0);
    session.add('session.readyForDischarge', {}, session.minutes(1));
    expect(session.state().phase).toBe('ready_for_discharge');
    expect(silence(session, 60)).toEqual([]);
  });
});

describe("confirmation (recheck) on a limit, a clinic's choice for any source", () => {
  // A clinic protocol whose SpO2 <= 93 medium waits 1 min for a repeat, even typed.
  const confirming: Protocol = {
    ...protocol,
    alarmLimits: protocol.alarmLimits.map((limit) => (limit.id === 'spo2-medium' ? { ...limit, confirmWithinMinutes: 1 } : limit)),
  };
  const spo2 = (session: ReturnType<typeof alarmSession>, minute: number) =>
    evaluateAlarmConditions(session.state(), confirming, session.minutes(minute)).filter((c) => c.alarmId === 'limit:spo2-medium');

  it('a single low SpO2 is "recheck" for the window, then alarms if nobody repeats it', () => {
    const session = alarmSession();
    session.vitals(0, NORMAL_VITALS);
    session.vitals(5, { spo2Percent: 93 });
    expect(spo2(session, 5)[0]?.recheck).toBe(true);
    expect(spo2(session, 6 - 1 / 60_000)[0]?.recheck).toBe(true);
    expect(spo2(session, 6)[0]?.recheck).toBe(false);
  });

  it('a second out-of-range value within the window confirms it', () => {
    const session = alarmSession();
    session.vitals(5, { spo2Percent: 93 });
    session.vitals(5.5, { spo2Percent: 92 });
    expect(spo2(session, 5.5)).toMatchObject([{ recheck: false, value: 92 }]);
  });

  it('a normal repeat clears it', () => {
    const session = alarmSession();
    session.vitals(5, { spo2Percent: 93 });
    session.vitals(5.5, { spo2Percent: 96 });
    expect(spo2(session, 5.5)).toEqual([]);
  });

  it('limits without confirmation (all high ones by default) alarm at once', () => {
    const session = alarmSession();
    session.vitals(5, { spo2Percent: 90 });
    expect(evaluateAlarmConditions(session.state(), confirming, session.minutes(5))).toMatchObject([
      { alarmId: 'limit:spo2-high', recheck: false },
    ]);
  });
});
