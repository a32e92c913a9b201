import { describe, expect, it } from 'vitest';
import type { PatientSessionRow } from '../../../shared/http/patientApi';
import { lastSessionBefore } from '../../../shared/series/lastSession';

function row(sessionId: string, openedAt: number, changes: { high?: number; adverse?: string[] } = {}): PatientSessionRow {
  return {
    sessionId,
    patientAlias: 'P',
    protocolName: 'Spravato 56 mg',
    openedAt,
    status: 'discharged',
    doses: ['esketamine 56 mg intranasal'],
    summary: {
      doses: [],
      peakSystolicRiseMmHg: 20,
      peakDiastolicRiseMmHg: 10,
      deepestMoaas: 4,
      peakCadss6: 5,
      minutesToReadyForDischarge: 90,
      alarmsByPriority: { high: changes.high ?? 0, medium: 2, low: 0 },
      adverseEvents: changes.adverse ?? [],
      phq9: null,
      gad7: null,
      integrationBookedFor: null,
    },
    progress: { phq9ChangePercent: null, response: false, remission: false, responseReached: false, remissionReached: false },
    integrationAttendedAt: null,
  };
}

describe('the last session before today’s dose', () => {
  it('a first session has none', () => {
    expect(lastSessionBefore([row('today', 3)], 'today')).toBeNull();
  });
  it('is the latest opened before this one, with no reminder when it went quietly (medium alarms do not remind)', () => {
    expect(lastSessionBefore([row('a', 1), row('b', 2), row('today', 3)], 'today')).toMatchObject({
      session: { sessionId: 'b' },
      reminders: [],
    });
  });
  it('reminds of a high alarm and of adverse events, each in words', () => {
    expect(lastSessionBefore([row('a', 1, { high: 2, adverse: ['Nausea with vomiting'] }), row('today', 3)], 'today')?.reminders).toEqual([
      'Last session had 2 high-priority alarms',
      "Last session's adverse events: Nausea with vomiting",
    ]);
    expect(lastSessionBefore([row('a', 1, { high: 1 }), row('today', 3)], 'today')?.reminders).toEqual([
      'Last session had 1 high-priority alarm',
    ]);
  });
  it('a later session of the series is not "last" for an earlier one', () => {
    expect(lastSessionBefore([row('a', 1), row('old', 2), row('later', 5)], 'old')?.session.sessionId).toBe('a');
  });
});
