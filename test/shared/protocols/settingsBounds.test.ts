import { describe, expect, it } from 'vitest';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { parseProtocol } from '../../../shared/protocols/versioning';

/** Every numeric alarm setting of a protocol at, just inside and just outside its bounds. */
describe('protocol alarm settings: bounds', () => {
  const base = spravato56Protocol();
  const check = (patch: Record<string, unknown>) => {
    const result = parseProtocol({ ...base, ...patch });
    return result.ok ? 'ok' : result.error.issues.map((issue) => issue.path.join('.')).join(',');
  };

  it.each([
    { patch: { escalateUnacknowledgedHighSeconds: 0 }, expected: 'escalateUnacknowledgedHighSeconds' },
    { patch: { escalateUnacknowledgedHighSeconds: 1 }, expected: 'ok' },
    { patch: { escalateUnacknowledgedHighSeconds: 3600 }, expected: 'ok' },
    { patch: { escalateUnacknowledgedHighSeconds: 3601 }, expected: 'escalateUnacknowledgedHighSeconds' },
    { patch: { escalateUnacknowledgedHighSeconds: 1.5 }, expected: 'escalateUnacknowledgedHighSeconds' },
    { patch: { reAlarmAfterAcknowledgeMinutes: 0 }, expected: 'reAlarmAfterAcknowledgeMinutes' },
    { patch: { reAlarmAfterAcknowledgeMinutes: 0.5 }, expected: 'ok' },
    { patch: { reAlarmAfterAcknowledgeMinutes: 120 }, expected: 'ok' },
    { patch: { reAlarmAfterAcknowledgeMinutes: 121 }, expected: 'reAlarmAfterAcknowledgeMinutes' },
    { patch: { audioPauseMinutes: 0 }, expected: 'audioPauseMinutes' },
    { patch: { audioPauseMinutes: 10 }, expected: 'ok' },
    { patch: { audioPauseMinutes: 10.5 }, expected: 'audioPauseMinutes' },
    { patch: { deviceSilenceMinutes: 0 }, expected: 'deviceSilenceMinutes' },
    { patch: { deviceSilenceMinutes: 120 }, expected: 'ok' },
    { patch: { deviceSilenceMinutes: 121 }, expected: 'deviceSilenceMinutes' },
    { patch: { checkGraceMinutes: -1 }, expected: 'checkGraceMinutes' },
    { patch: { checkGraceMinutes: 0 }, expected: 'ok' },
    { patch: { checkGraceMinutes: 60 }, expected: 'ok' },
    { patch: { checkGraceMinutes: 61 }, expected: 'checkGraceMinutes' },
    { patch: { overdueEscalateAfterMinutes: 0 }, expected: 'overdueEscalateAfterMinutes' },
    { patch: { overdueEscalateAfterMinutes: 240 }, expected: 'ok' },
    { patch: { overdueEscalateAfterMinutes: 241 }, expected: 'overdueEscalateAfterMinutes' },
    { patch: { baselineRise: { ...base.baselineRise, systolicMmHg: 0 } }, expected: 'baselineRise.systolicMmHg' },
    { patch: { baselineRise: { ...base.baselineRise, systolicMmHg: 200 } }, expected: 'ok' },
    { patch: { baselineRise: { ...base.baselineRise, diastolicMmHg: 201 } }, expected: 'baselineRise.diastolicMmHg' },
    { patch: { baselineRise: { ...base.baselineRise, diastolicMmHg: 25.5 } }, expected: 'baselineRise.diastolicMmHg' },
    { patch: { news2: { ...base.news2, mediumAt: 6, highAt: 6 } }, expected: 'news2.highAt' },
    { patch: { news2: { ...base.news2, mediumAt: 6, highAt: 7 } }, expected: 'ok' },
    { patch: { deviceSilencePriority: 'urgent' }, expected: 'deviceSilencePriority' },
  ])('$patch -> $expected', ({ patch, expected }) => {
    expect(check(patch)).toBe(expected);
  });

  it.each([
    { limit: { value: 49 }, expected: 'alarmLimits.0.value' },
    { limit: { value: 50 }, expected: 'ok' },
    { limit: { value: 100 }, expected: 'ok' },
    { limit: { value: 101 }, expected: 'alarmLimits.0.value' },
    { limit: { confirmWithinMinutes: 0 }, expected: 'alarmLimits.0.confirmWithinMinutes' },
    { limit: { confirmWithinMinutes: 30 }, expected: 'ok' },
    { limit: { confirmWithinMinutes: 31 }, expected: 'alarmLimits.0.confirmWithinMinutes' },
    { limit: { comparator: '>' }, expected: 'alarmLimits.0.comparator' },
    { limit: { parameter: 'bloodSugar' }, expected: 'alarmLimits.0.parameter' },
  ])('an SpO2 limit with $limit -> $expected', ({ limit, expected }) => {
    const spo2 = { id: 'spo2-test', parameter: 'spo2Percent', comparator: '<=', value: 90, priority: 'high', ...limit };
    expect(check({ alarmLimits: [spo2] })).toBe(expected);
  });

  it('every message says what is wrong in words', () => {
    const messages = (patch: Record<string, unknown>) => {
      const result = parseProtocol({ ...base, ...patch });
      return result.ok ? [] : result.error.issues.map((issue) => issue.message);
    };
    expect(messages({ reAlarmAfterAcknowledgeMinutes: 0 })).toEqual(['The re-alarm time must be above 0']);
    expect(messages({ alarmLimits: [{ ...base.alarmLimits[0]!, value: 400 }] })).toEqual(['The limit must be between 40 and 300']);
    expect(messages({ escalateUnacknowledgedHighSeconds: 3601 })).toEqual(['The escalation delay is at most 3600 seconds']);
    expect(messages({ escalateUnacknowledgedHighSeconds: 1.5 })).toEqual(['The escalation delay must be a whole number of seconds']);
    expect(messages({ checkGraceMinutes: 61 })).toEqual(['The grace period is at most 60 minutes']);
    expect(messages({ news2: { ...base.news2, mediumAt: 0 } })).toEqual(['The medium NEWS2 score is at least 1']);
    expect(messages({ checkScheduleMinutes: [0, 15.5] })).toEqual(['A check time must be a whole number of minutes after the dose']);
    expect(messages({ baselineRise: { ...base.baselineRise, systolicMmHg: 250 } })).toEqual(['The systolic rise is at most 200 mmHg']);
    expect(messages({ defaultDoseMg: 2000 })).toEqual(['The dose is at most 1000 mg']);
  });
});
