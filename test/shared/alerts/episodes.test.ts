import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import { alarmSession, NORMAL_VITALS, summarize } from '../../support/alarms';

const protocol = spravato56Protocol();
const MS = 1 / 60_000;

const bp = (systolicMmHg: number, diastolicMmHg = 90) => ({ ...NORMAL_VITALS, systolicMmHg, diastolicMmHg });

describe('hysteresis: a sounding alarm clears only back past its limit by the margin (systolic 5 mmHg)', () => {
  it.each([
    { systolic: 177, expected: ['limit:systolic-high'] },
    { systolic: 176, expected: ['limit:systolic-high'] },
    { systolic: 175, expected: [] },
  ])('raised at 184 (limit 181), then $systolic -> $expected', ({ systolic, expected }) => {
    const session = alarmSession();
    session.vitals(1, bp(184));
    session.run(protocol, 1);
    session.vitals(2, bp(systolic));
    const ids = evaluateAlarmConditions(session.state(), protocol, session.minutes(2))
      .filter((c) => c.kind === 'limit')
      .map((c) => c.alarmId);
    expect(ids).toEqual(expected);
  });

  it('without an open alarm the limit itself counts: 180 raises nothing', () => {
    const session = alarmSession();
    session.vitals(1, bp(180));
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(1))).toEqual([]);
  });

  it.each([
    { systolic: 156, expected: ['rise:systolic'] },
    { systolic: 155, expected: ['rise:systolic'] },
    { systolic: 154, expected: [] },
  ])('a rise alarm (baseline 120, +40) holds until the rise is under +35: $systolic -> $expected', ({ systolic, expected }) => {
    const session = alarmSession();
    session.vitals(-5, bp(120, 80));
    session.dose(0);
    session.vitals(40, bp(162, 85));
    session.run(protocol, 40);
    session.vitals(45, bp(systolic, 85));
    const ids = evaluateAlarmConditions(session.state(), protocol, session.minutes(45))
      .filter((c) => c.kind === 'baseline_rise')
      .map((c) => c.alarmId);
    expect(ids).toEqual(expected);
  });

  it('a rise hovering at +38 to +42 for half an hour is one alarm, not ten', () => {
    const session = alarmSession();
    session.vitals(-5, bp(120, 80));
    session.dose(0);
    const raised: string[] = [];
    for (let minute = 30; minute <= 60; minute += 3) {
      session.vitals(minute, bp(minute % 2 === 0 ? 158 : 162, 85));
      raised.push(...summarize(session.run(protocol, minute)).filter((line) => line.startsWith('alarm.raised')));
    }
    expect(raised).toEqual(['alarm.raised rise:systolic']);
  });
});

describe('episodes: a condition that returns within 10 minutes continues the same alarm', () => {
  function clearedRise() {
    const session = alarmSession();
    session.vitals(-5, bp(120, 80));
    session.dose(0);
    session.vitals(40, bp(165, 85));
    session.run(protocol, 40);
    session.acknowledge(41, 'rise:systolic', 'Expected peak');
    session.vitals(45, bp(140, 85));
    expect(summarize(session.run(protocol, 45))).toEqual(['alarm.cleared rise:systolic']);
    return session;
  }

  it('back at 55 (10 min after it cleared): the same occurrence reopens, still owned, with both crossings', () => {
    const session = clearedRise();
    const readingId = session.vitals(55, bp(166, 85));
    expect(summarize(session.run(protocol, 55))).toEqual(['alarm.raised rise:systolic', 'alarm.reAlarmed rise:systolic']);
    const alarms = session.state().alarms;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ occurrence: 0, status: 'active', reactivations: 1, value: 166, readingId });
    expect(alarms[0]!.crossings.map((crossing) => crossing.value)).toEqual([165, 166]);
    // Acknowledged at 41, more than the 3 re-alarm minutes ago: the returned condition sounds again.
    expect(alarms[0]!.acknowledgements).toHaveLength(1);
  });

  it('back within 3 minutes of the acknowledgement: reopens owned and silent', () => {
    const session = alarmSession();
    session.vitals(-5, bp(120, 80));
    session.dose(0);
    session.vitals(40, bp(165, 85));
    session.run(protocol, 40);
    session.acknowledge(40.5, 'rise:systolic');
    session.vitals(41, bp(140, 85));
    session.run(protocol, 41);
    session.vitals(42, bp(166, 85));
    expect(summarize(session.run(protocol, 42))).toEqual(['alarm.raised rise:systolic']);
    expect(session.state().alarms).toMatchObject([
      { status: 'active', acknowledgedAt: session.minutes(40.5), lastSoundedAt: session.minutes(40) },
    ]);
  });

  it.each([
    { minute: 55, alarms: 1 },
    { minute: 55 + MS, alarms: 2 },
  ])('the episode window is 10 minutes from the clear: back at $minute -> $alarms alarm record(s)', ({ minute, alarms }) => {
    const session = clearedRise();
    session.vitals(minute, bp(166, 85));
    session.run(protocol, minute);
    expect(session.state().alarms).toHaveLength(alarms);
  });

  it('follows the protocol: an episode window of 0 makes every return a new alarm', () => {
    const session = clearedRise();
    const noEpisodes: Protocol = { ...protocol, alarmControls: { ...protocol.alarmControls, episodeWindowMinutes: 0 } };
    session.vitals(46, bp(166, 85));
    session.run(noEpisodes, 46);
    expect(session.state().alarms.map((alarm) => `${alarm.occurrence} ${alarm.status}`)).toEqual(['0 cleared', '1 active']);
  });

  it('an alarm whose reading was struck through as artifact starts no episode', () => {
    const session = alarmSession();
    const cuff = session.vitals(1, bp(210, 120));
    session.run(protocol, 1);
    session.artifact(1.5, cuff, 'Cuff slipped');
    session.run(protocol, 1.5);
    session.vitals(3, bp(190, 100));
    session.run(protocol, 3);
    expect(
      session
        .state()
        .alarms.filter((alarm) => alarm.alarmId === 'limit:systolic-high')
        .map((alarm) => alarm.occurrence),
    ).toEqual([0, 1]);
  });

  it('planning again after a reopen plans nothing (idempotent)', () => {
    const session = clearedRise();
    session.vitals(50, bp(166, 85));
    session.run(protocol, 50);
    expect(session.run(protocol, 50)).toEqual([]);
  });
});
