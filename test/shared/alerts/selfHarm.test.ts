import { describe, expect, it } from 'vitest';
import { selfHarmAlarmId } from '../../../shared/alerts/rules/selfHarm';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { alarmSession, prescriber, summarize } from '../../support/alarms';

const protocol = spravato56Protocol();

function withPhq9(item9: number, questionnaireId = 'q1') {
  const session = alarmSession();
  session.add(
    'questionnaire.recorded',
    { questionnaireId, instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, item9], completedBy: 'patient' },
    session.minutes(-10),
  );
  return session;
}

describe('the PHQ-9 item 9 alarm', () => {
  it('item 9 at 0 raises nothing; above 0 raises a high alarm and escalates it to the prescriber in the same pass', () => {
    expect(withPhq9(0).run(protocol, -9)).toEqual([]);
    const session = withPhq9(2);
    const drafts = session.run(protocol, -9);
    const alarmId = selfHarmAlarmId('q1');
    expect(summarize(drafts)).toEqual([`alarm.raised ${alarmId}`, `alarm.escalated ${alarmId}`]);
    expect(drafts[0]?.payload).toMatchObject({ kind: 'self_harm', priority: 'high', technical: false, value: 2 });
    expect(drafts[0]?.payload).toMatchObject({
      message: expect.stringMatching(/^PHQ-9 item 9: thoughts of self-harm, answered “More than half the days” — /),
    });
    // Idempotent: the next pass plans nothing more.
    expect(session.run(protocol, -8)).toEqual([]);
  });

  it('stays until acknowledged (the answer never changes), then clears and is not raised again', () => {
    const session = withPhq9(1);
    session.run(protocol, -9);
    const alarmId = selfHarmAlarmId('q1');
    expect(session.run(protocol, 30)).toEqual([]);
    session.acknowledge(31, alarmId, 'Spoke with the patient: no plan or intent; safety plan reviewed', prescriber);
    expect(summarize(session.run(protocol, 31))).toEqual([`alarm.cleared ${alarmId}`]);
    expect(session.state().alarms.find((record) => record.alarmId === alarmId)?.status).toBe('cleared');
    expect(session.run(protocol, 60)).toEqual([]);
  });

  it('a second positive PHQ-9 is its own alarm', () => {
    const session = withPhq9(1, 'q1');
    session.run(protocol, -9);
    session.add(
      'questionnaire.recorded',
      { questionnaireId: 'q2', instrument: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 3], completedBy: 'staff' },
      session.minutes(-5),
    );
    expect(summarize(session.run(protocol, -5))).toEqual([
      `alarm.raised ${selfHarmAlarmId('q2')}`,
      `alarm.escalated ${selfHarmAlarmId('q2')}`,
    ]);
  });
});
