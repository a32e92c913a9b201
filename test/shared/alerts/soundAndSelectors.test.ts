import { describe, expect, it } from 'vitest';
import { activeAlarms, alarmsNeedingSound, audioPauseUntil, findOpenAlarm, worstPriority } from '../../../shared/alerts/selectors';
import { ALARM_SOUNDS, ALARM_VISUALS, patternLengthMs } from '../../../shared/alerts/sound';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { alarmSession, NORMAL_VITALS, oximeter } from '../../support/alarms';

const protocol = spravato56Protocol();

describe('what each priority sounds and looks like (CLINICAL.md "Alarms")', () => {
  it('high: two bursts of 5 pulses; medium: 3 pulses; low: 1 pulse; none overlapping', () => {
    expect(ALARM_SOUNDS.high.pulses).toHaveLength(10);
    expect(ALARM_SOUNDS.medium.pulses).toHaveLength(3);
    expect(ALARM_SOUNDS.low.pulses).toHaveLength(1);
    const firstBurst = ALARM_SOUNDS.high.pulses.slice(0, 5);
    const secondBurst = ALARM_SOUNDS.high.pulses.slice(5);
    const gapBetweenBursts = secondBurst[0]!.startMs - (firstBurst[4]!.startMs + firstBurst[4]!.durationMs);
    const gapInBurst = firstBurst[1]!.startMs - (firstBurst[0]!.startMs + firstBurst[0]!.durationMs);
    expect(gapBetweenBursts).toBeGreaterThan(gapInBurst);
    for (const pattern of Object.values(ALARM_SOUNDS)) {
      pattern.pulses.forEach((pulse, index) => {
        const before = pattern.pulses[index - 1];
        if (before) expect(pulse.startMs).toBeGreaterThanOrEqual(before.startMs + before.durationMs);
      });
      // A pattern ends well before it repeats.
      expect(patternLengthMs(pattern)).toBeLessThan(pattern.repeatIntervalMs);
    }
  });

  it('repeats faster the more urgent it is; flashes about 2 Hz, 0.5 Hz, steady; markers, never colour alone', () => {
    expect(ALARM_SOUNDS.high.repeatIntervalMs).toBeLessThan(ALARM_SOUNDS.medium.repeatIntervalMs);
    expect(ALARM_SOUNDS.medium.repeatIntervalMs).toBeLessThan(ALARM_SOUNDS.low.repeatIntervalMs);
    expect(ALARM_VISUALS.high).toMatchObject({ marker: '***', color: 'red', flashHz: 2 });
    expect(ALARM_VISUALS.medium).toMatchObject({ marker: '**', color: 'yellow', flashHz: 0.5 });
    expect(ALARM_VISUALS.low).toMatchObject({ marker: '*', flashHz: 0 });
    // IEC 60601-1-8 ranges: high 1.4-2.8 Hz, medium 0.4-0.8 Hz.
    expect(ALARM_VISUALS.high.flashHz).toBeGreaterThanOrEqual(1.4);
    expect(ALARM_VISUALS.high.flashHz).toBeLessThanOrEqual(2.8);
    expect(ALARM_VISUALS.medium.flashHz).toBeGreaterThanOrEqual(0.4);
    expect(ALARM_VISUALS.medium.flashHz).toBeLessThanOrEqual(0.8);
  });
});

describe('alarm selectors', () => {
  /** A high systolic alarm and a medium MOAA/S alarm, both open and unacknowledged (NEWS2 3: none). */
  function twoAlarms() {
    const session = alarmSession();
    session.vitals(1, { ...NORMAL_VITALS, systolicMmHg: 184, diastolicMmHg: 96 });
    session.moaas(1, 3);
    session.run(protocol, 1);
    return session;
  }

  it('the tray lists open alarms most urgent first; worst priority; open alarm by id', () => {
    const session = twoAlarms();
    const state = session.state();
    expect(activeAlarms(state).map((alarm) => alarm.alarmId)).toEqual(['limit:systolic-high', 'limit:moaas-medium']);
    expect(worstPriority(activeAlarms(state))).toBe('high');
    expect(worstPriority([])).toBeNull();
    expect(findOpenAlarm(state, 'limit:moaas-medium')?.priority).toBe('medium');
    expect(findOpenAlarm(state, 'limit:nothing')).toBeNull();
  });

  it('audio pause (2 min) silences everything until it ends, acknowledging nothing', () => {
    const session = twoAlarms();
    const state = session.state();
    const pausedAt = session.minutes(2);
    const until = audioPauseUntil(protocol, pausedAt);
    expect(until - pausedAt).toBe(2 * 60_000);
    expect(alarmsNeedingSound(state, until - 1, until)).toEqual([]);
    expect(alarmsNeedingSound(state, until, until).map((alarm) => alarm.alarmId)).toEqual(['limit:systolic-high', 'limit:moaas-medium']);
    expect(alarmsNeedingSound(state, pausedAt, null)).toHaveLength(2);
    expect(state.alarms.every((alarm) => alarm.acknowledgedAt === null)).toBe(true);
  });

  it('an acknowledged or recheck alarm is not sounded', () => {
    const session = twoAlarms();
    session.acknowledge(2, 'limit:systolic-high');
    expect(alarmsNeedingSound(session.state(), session.minutes(2), null).map((alarm) => alarm.alarmId)).toEqual(['limit:moaas-medium']);
    const recheck = alarmSession();
    recheck.vitals(0.5, NORMAL_VITALS);
    recheck.vitals(1, { spo2Percent: 93 }, oximeter);
    recheck.run(protocol, 1);
    expect(activeAlarms(recheck.state())).toHaveLength(1);
    expect(alarmsNeedingSound(recheck.state(), recheck.minutes(1), null)).toEqual([]);
  });
});
