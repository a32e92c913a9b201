import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { consciousnessThreshold } from '../../../shared/alerts/rules/news2';
import { scoreNews2 } from '../../../shared/news2/score';
import { defaultAlarmControls } from '../../../shared/protocols/alarmControls';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { protocolSchema, type Protocol } from '../../../shared/protocols/schema';
import { alarmSession, NORMAL_VITALS } from '../../support/alarms';

const protocol = spravato56Protocol();
const MS = 1 / 60_000;

describe('sedation-aware NEWS2 (CLINICAL.md "Scales": Spravato MOAA/S 4 is mild; sedation back by 1-1.5 h)', () => {
  const news2 = (moaasAt: number, score: number, p: Protocol = protocol) => {
    const session = alarmSession();
    session.vitals(-5, NORMAL_VITALS);
    session.dose(0);
    session.moaas(moaasAt, score);
    return evaluateAlarmConditions(session.state(), p, session.minutes(moaasAt + 1))
      .filter((c) => c.kind === 'news2' || c.parameter === 'moaas')
      .map((c) => c.alarmId);
  };

  it.each([
    { minute: 15, score: 4, expected: [] },
    { minute: 90, score: 4, expected: [] },
    { minute: 90 + MS, score: 4, expected: ['news2:single:consciousness'] },
    { minute: 30, score: 3, expected: ['limit:moaas-medium'] },
    { minute: 30, score: 5, expected: [] },
  ])('MOAA/S $score at minute $minute after the dose -> $expected', ({ minute, score, expected }) => {
    expect(news2(minute, score)).toEqual(expected);
  });

  it('before any dose, NEWS2 scores every MOAA/S below 5 as 3 (RCP 2017)', () => {
    const session = alarmSession();
    session.vitals(-5, NORMAL_VITALS);
    session.moaas(-2, 4);
    expect(evaluateAlarmConditions(session.state(), protocol, session.minutes(-1)).map((c) => c.alarmId)).toEqual([
      'news2:single:consciousness',
    ]);
  });

  it('follows the protocol: expected sedation 0 turns it off; without MOAA/S limits, NEWS2 is plain', () => {
    const off: Protocol = { ...protocol, alarmControls: { ...protocol.alarmControls, expectedSedationMinutes: 0 } };
    expect(news2(30, 4, off)).toEqual(['news2:single:consciousness']);
    const noMoaasLimits: Protocol = { ...protocol, alarmLimits: protocol.alarmLimits.filter((limit) => limit.parameter !== 'moaas') };
    expect(news2(30, 4, noMoaasLimits)).toEqual(['news2:single:consciousness']);
    const session = alarmSession();
    session.dose(0);
    expect(consciousnessThreshold(session.state(), protocol, session.minutes(30))).toBe(3);
    expect(consciousnessThreshold(session.state(), protocol, session.minutes(91))).toBe(4);
  });

  it('scoreNews2 keeps RCP 2017 by default and takes the threshold when given', () => {
    expect(scoreNews2({ moaas: 4 }).scores.consciousness).toBe(3);
    expect(scoreNews2({ moaas: 4 }, { consciousnessThreeAtOrBelowMoaas: 3 }).scores.consciousness).toBe(0);
    expect(scoreNews2({ moaas: 3 }, { consciousnessThreeAtOrBelowMoaas: 3 }).scores.consciousness).toBe(3);
  });
});

describe('overdue-check edges', () => {
  const overdue = (session: ReturnType<typeof alarmSession>, minute: number) =>
    evaluateAlarmConditions(session.state(), protocol, session.minutes(minute))
      .filter((c) => c.kind === 'overdue_check')
      .map((c) => c.alarmId);

  it.each([
    { baselineAt: -30, expected: [] },
    { baselineAt: -30 - MS, expected: ['overdue:0:low'] },
  ])(
    'a pre-dose pressure inside the 30-minute pre-dose window counts for the 0-minute check: at $baselineAt -> $expected',
    ({ baselineAt, expected }) => {
      const session = alarmSession();
      session.vitals(baselineAt, NORMAL_VITALS);
      session.dose(0);
      expect(overdue(session, 5)).toEqual(expected);
    },
  );

  it('a missed 0-minute check escalates at 15 + 5, not at 15 when the 15-minute check falls due', () => {
    const session = alarmSession();
    session.vitals(-40, NORMAL_VITALS);
    session.dose(0);
    expect(overdue(session, 15)).toEqual(['overdue:0:low']);
    expect(overdue(session, 20 - MS)).toEqual(['overdue:0:low']);
    expect(overdue(session, 20)).toEqual(['overdue:0:medium', 'overdue:15:low']);
  });

  it('the last check escalates 10 minutes after it is overdue (no next check to wait for)', () => {
    const session = alarmSession();
    session.vitals(-5, NORMAL_VITALS);
    session.dose(0);
    session.vitals(100, NORMAL_VITALS);
    expect(overdue(session, 135 - MS)).toEqual(['overdue:120:low']);
    expect(overdue(session, 135)).toEqual(['overdue:120:medium']);
  });
});

describe('alarm controls are protocol data', () => {
  it('a protocol stored before they existed reads with the shipped defaults', () => {
    const { alarmControls: _, ...stored } = spravato56Protocol();
    const parsed = protocolSchema.parse(stored);
    expect(parsed.alarmControls).toEqual(defaultAlarmControls());
  });

  it('bad values are refused with their path and a message, and nothing else changes', () => {
    const bad = { ...spravato56Protocol(), alarmControls: { ...defaultAlarmControls(), episodeWindowMinutes: -1 } };
    const result = protocolSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['alarmControls.episodeWindowMinutes', 'The episode window is at least 0 minutes'],
    ]);
    const samples = { ...defaultAlarmControls() };
    samples.persistence = { ...samples.persistence, spo2Percent: { samples: 0, seconds: 15, maxWaitSeconds: 60 } };
    expect(protocolSchema.safeParse({ ...spravato56Protocol(), alarmControls: samples }).error?.issues[0]?.path.join('.')).toBe(
      'alarmControls.persistence.spo2Percent.samples',
    );
  });
});
