import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { VitalSet } from '../../../shared/vitals/schema';
import { alarmSession, NORMAL_VITALS } from '../../support/alarms';

const protocol = spravato56Protocol();

/** The limit alarms (id and priority) raised by one reading taken at minute 10 after a dose. */
function limitAlarmsFor(vitals: VitalSet, moaas?: number) {
  const session = alarmSession();
  session.vitals(-5, NORMAL_VITALS);
  session.dose(0);
  session.vitals(10, vitals);
  if (moaas !== undefined) session.moaas(10, moaas);
  // Evaluated 5 min later: past any recheck window, so priorities show plainly.
  return evaluateAlarmConditions(session.state(), protocol, session.minutes(15))
    .filter((c) => c.kind === 'limit')
    .map((c) => `${c.alarmId} ${c.priority}`);
}

describe('absolute limits, at, just below and just above', () => {
  // CLINICAL.md "Ketamine by route": transient hypertension is SBP > 180 and/or DBP > 110, so
  // 180 and 110 themselves do not alarm; 181 and 111 do.
  it.each([
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 180, diastolicMmHg: 90 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 181, diastolicMmHg: 90 }, expected: ['limit:systolic-high high'] },
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 182, diastolicMmHg: 90 }, expected: ['limit:systolic-high high'] },
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 170, diastolicMmHg: 110 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 170, diastolicMmHg: 111 }, expected: ['limit:diastolic-high high'] },
    { vitals: { ...NORMAL_VITALS, systolicMmHg: 170, diastolicMmHg: 112 }, expected: ['limit:diastolic-high high'] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 94 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 93 }, expected: ['limit:spo2-medium medium'] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 92 }, expected: ['limit:spo2-medium medium'] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 91 }, expected: ['limit:spo2-medium medium'] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 90 }, expected: ['limit:spo2-high high'] },
    { vitals: { ...NORMAL_VITALS, spo2Percent: 89 }, expected: ['limit:spo2-high high'] },
    { vitals: { ...NORMAL_VITALS, respiratoryRatePerMin: 9 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, respiratoryRatePerMin: 8 }, expected: ['limit:resp-rate-low high'] },
    { vitals: { ...NORMAL_VITALS, respiratoryRatePerMin: 7 }, expected: ['limit:resp-rate-low high'] },
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 41 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 40 }, expected: ['limit:heart-rate-low high'] },
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 39 }, expected: ['limit:heart-rate-low high'] },
    // CLINICAL.md "NEWS2": pulse >= 131 scores 3.
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 130 }, expected: [] },
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 131 }, expected: ['limit:heart-rate-high high'] },
    { vitals: { ...NORMAL_VITALS, heartRateBpm: 132 }, expected: ['limit:heart-rate-high high'] },
  ])('$vitals -> $expected', ({ vitals, expected }) => {
    expect(limitAlarmsFor(vitals)).toEqual(expected);
  });

  it.each([
    { moaas: 5, expected: [] },
    { moaas: 4, expected: [] },
    { moaas: 3, expected: ['limit:moaas-medium medium'] },
    { moaas: 2, expected: ['limit:moaas-medium medium'] },
    { moaas: 1, expected: ['limit:moaas-high high'] },
    { moaas: 0, expected: ['limit:moaas-high high'] },
  ])('MOAA/S $moaas -> $expected', ({ moaas, expected }) => {
    expect(limitAlarmsFor(NORMAL_VITALS, moaas)).toEqual(expected);
  });

  it('says what was measured and which line it crossed, in plain words', () => {
    const session = alarmSession();
    const readingId = session.vitals(1, { systolicMmHg: 184, diastolicMmHg: 100, spo2Percent: 89 });
    const conditions = evaluateAlarmConditions(session.state(), protocol, session.minutes(2));
    expect(conditions.find((c) => c.alarmId === 'limit:systolic-high')).toMatchObject({
      message: 'Systolic 184 mmHg — at or above 181',
      parameter: 'systolicMmHg',
      value: 184,
      readingId,
      technical: false,
      recheck: false,
    });
    expect(conditions.find((c) => c.alarmId === 'limit:spo2-high')?.message).toBe('SpO2 89% — at or below 90');
  });
});

describe('missing parameters and partial readings', () => {
  it('a parameter never measured raises nothing; MOAA/S limits wait for a recorded MOAA/S', () => {
    const session = alarmSession();
    session.vitals(1, { spo2Percent: 97 });
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(2))).toEqual([]);
  });

  it('each parameter uses its own latest value: an SpO2-only reading does not hide a high BP', () => {
    const session = alarmSession();
    session.vitals(1, { ...NORMAL_VITALS, systolicMmHg: 190, diastolicMmHg: 100 });
    session.vitals(2, { spo2Percent: 97 }, { kind: 'device', deviceId: 'oxi-1', displayName: 'Oximeter 1' });
    const ids = evaluateAlarmConditions(session.state(), protocol, session.minutes(3)).map((c) => c.alarmId);
    expect(ids).toContain('limit:systolic-high');
  });

  it('a later normal value clears the limit', () => {
    const session = alarmSession();
    session.vitals(1, { ...NORMAL_VITALS, systolicMmHg: 190, diastolicMmHg: 100 });
    session.vitals(3, NORMAL_VITALS);
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(4))).toEqual([]);
  });
});

describe('artifact readings', () => {
  it('a reading marked artifact raises nothing; the latest real value counts again', () => {
    const session = alarmSession();
    session.vitals(1, { ...NORMAL_VITALS, systolicMmHg: 140, diastolicMmHg: 85 });
    const cuffMoved = session.vitals(3, { ...NORMAL_VITALS, systolicMmHg: 210, diastolicMmHg: 130 });
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(4)).map((c) => c.alarmId)).toEqual([
      'limit:diastolic-high',
      'limit:systolic-high',
    ]);
    session.artifact(4, cuffMoved);
    const state = session.state();
    expect(evaluateAlarmConditions(state, protocol, session.minutes(5))).toEqual([]);
    // The reading stays in the record, struck through.
    expect(state.readings.find((r) => r.readingId === cuffMoved)?.artifact).toMatchObject({
      reason: 'cuff moved',
      markedAt: session.minutes(4),
    });
  });

  it('marking twice keeps the first mark; an unknown reading changes nothing', () => {
    const session = alarmSession();
    const id = session.vitals(1, NORMAL_VITALS);
    session.artifact(2, id, 'probe off');
    session.artifact(3, id, 'second reason');
    session.artifact(3, 'no-such-reading');
    expect(session.state().readings[0]?.artifact?.reason).toBe('probe off');
  });
});
