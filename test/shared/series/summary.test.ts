import { describe, expect, it } from 'vitest';
import { REMISSION_BELOW, seriesProgress, summarizeSession } from '../../../shared/series/summary';
import { alarmSession, NORMAL_VITALS, prescriber, therapist } from '../../support/alarms';

describe('response and remission across a series (CLINICAL.md: a 50% fall from the first PHQ-9; below 5)', () => {
  it.each([
    { baseline: 20, later: 11, response: false },
    { baseline: 20, later: 10, response: true },
    { baseline: 20, later: 9, response: true },
    { baseline: 15, later: 8, response: false },
    { baseline: 15, later: 7, response: true },
    { baseline: 0, later: 0, response: false },
  ])('baseline $baseline, then $later -> response $response', ({ baseline, later, response }) => {
    expect(seriesProgress([baseline, later])[1]?.response).toBe(response);
  });

  it.each([
    { later: 6, remission: false },
    { later: 5, remission: false },
    { later: 4, remission: true },
    { later: 0, remission: true },
  ])('PHQ-9 $later -> remission $remission', ({ later, remission }) => {
    expect(REMISSION_BELOW).toBe(5);
    expect(seriesProgress([18, later])[1]?.remission).toBe(remission);
  });

  it('marks the first session where each is reached; the baseline session and sessions without a PHQ-9 have no mark', () => {
    const marks = seriesProgress([null, 3, 12, null, 8, 4, 2]);
    // Baseline is 3 (already minimal): a fall to 1.5 or below is response; 4 and 2 are remission after it.
    expect(marks.map((m) => [m.phq9ChangePercent, m.response, m.remission, m.responseReached, m.remissionReached])).toEqual([
      [null, false, false, false, false],
      [null, false, false, false, false],
      [300, false, false, false, false],
      [null, false, false, false, false],
      [167, false, false, false, false],
      [33, false, true, false, true],
      [-33, false, true, false, false],
    ]);
    const typical = seriesProgress([21, 15, 10, 4]);
    expect(typical.map((m) => [m.responseReached, m.remissionReached])).toEqual([
      [false, false],
      [false, false],
      [true, false],
      [false, true],
    ]);
    expect(typical[3]).toMatchObject({ response: true, remission: true, phq9ChangePercent: -81 });
  });
});

describe('one session summarised from its record', () => {
  it('peak rises from baseline (artifact ignored), deepest MOAA/S, peak CADSS-6, minutes to ready, alarms by priority, adverse events, questionnaires', () => {
    const session = alarmSession();
    session.add(
      'questionnaire.recorded',
      { questionnaireId: 'q1', instrument: 'phq9', answers: [2, 2, 2, 2, 2, 2, 2, 0, 1], completedBy: 'patient' },
      session.minutes(-20),
    );
    session.add(
      'questionnaire.recorded',
      { questionnaireId: 'q2', instrument: 'gad7', answers: [1, 1, 1, 1, 1, 1, 0], completedBy: 'staff' },
      session.minutes(-19),
    );
    session.vitals(-5, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    session.dose(0);
    session.vitals(10, { ...NORMAL_VITALS, systolicMmHg: 158, diastolicMmHg: 96 });
    const cuff = session.vitals(15, { ...NORMAL_VITALS, systolicMmHg: 210, diastolicMmHg: 130 });
    session.artifact(16, cuff);
    session.vitals(20, { ...NORMAL_VITALS, systolicMmHg: 150, diastolicMmHg: 99 });
    session.moaas(10, 4);
    session.moaas(20, 3);
    session.moaas(40, 5);
    session.add(
      'observation.recorded',
      { observationId: 'c1', observation: { kind: 'cadss6', itemScores: [1, 2, 0, 1, 1, 0] } },
      session.minutes(15),
      therapist,
    );
    session.add(
      'observation.recorded',
      { observationId: 'c2', observation: { kind: 'cadss6', itemScores: [2, 2, 2, 1, 1, 1] } },
      session.minutes(25),
      therapist,
    );
    session.add(
      'observation.recorded',
      { observationId: 'n1', observation: { kind: 'nausea', vomiting: true } },
      session.minutes(30),
      therapist,
    );
    session.add(
      'alarm.raised',
      { alarmId: 'rise:systolic', kind: 'baseline_rise', priority: 'high', technical: false, message: 'Systolic rise', recheck: false },
      session.minutes(10),
    );
    session.add(
      'alarm.raised',
      { alarmId: 'device-silent:x', kind: 'device_silent', priority: 'medium', technical: true, message: 'Quiet', recheck: false },
      session.minutes(11),
    );
    // Clinically ready at 80 min (the REMS "ready to leave"); every item, the minimum included, at 95.
    session.add('session.clinicallyReady', {}, session.minutes(80), prescriber);
    session.add('session.readyForDischarge', {}, session.minutes(95), prescriber);
    session.add(
      'checklist.itemTicked',
      { checklist: 'discharge', itemId: 'integration_booked', date: session.minutes(3 * 24 * 60) },
      session.minutes(96),
      therapist,
    );
    expect(summarizeSession(session.state())).toEqual({
      doses: [{ drug: 'esketamine', totalMg: 56, route: 'intranasal', administeredAt: session.minutes(0) }],
      peakSystolicRiseMmHg: 38,
      peakDiastolicRiseMmHg: 19,
      deepestMoaas: 3,
      peakCadss6: 9,
      minutesToReadyForDischarge: 80,
      alarmsByPriority: { high: 1, medium: 0, low: 0 },
      adverseEvents: ['Nausea with vomiting'],
      phq9: { total: 15, severity: 'moderately_severe', selfHarmItem: 1 },
      gad7: { total: 6, severity: 'mild' },
      integrationBookedFor: session.minutes(3 * 24 * 60),
    });
  });

  it('a session stopped before the dose has no rise, no minutes to ready and no dose', () => {
    const session = alarmSession();
    session.vitals(-5, NORMAL_VITALS);
    expect(summarizeSession(session.state())).toMatchObject({
      doses: [],
      peakSystolicRiseMmHg: null,
      minutesToReadyForDischarge: null,
      deepestMoaas: null,
      phq9: null,
    });
  });
});
