import { describe, expect, it } from 'vitest';
import { ketamineImProtocol, spravato56Protocol } from '../../../shared/protocols/defaults';
import {
  buildRemsForm,
  isRemsSession,
  remsAnswersSchema,
  remsDeadlineNear,
  remsDueBy,
  REMS_FORM_RULES,
} from '../../../shared/record/remsForm';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { recordedSpravatoSession } from '../../support/recordedSession';

const DAY = 24 * 3600_000;

function finished() {
  const log = recordedSpravatoSession();
  const state = foldSessionEvents(log.events);
  if (!state) throw new Error('no state');
  return { state, minutes: log.minutes };
}

describe('the REMS Patient Monitoring Form', () => {
  it('applies to intranasal esketamine only', () => {
    expect(isRemsSession(spravato56Protocol())).toBe(true);
    expect(isRemsSession(ketamineImProtocol())).toBe(false);
  });

  it('fills the three blood pressures, dose, lot, minutes and ready-to-leave from the record', () => {
    const { state } = finished();
    const form = buildRemsForm(state, spravato56Protocol(), null, 'UTC');
    expect(form.bloodPressures.map((bp) => bp.text)).toEqual([
      '128/82 mmHg at 2026-11-22 08:50 UTC',
      '152/94 mmHg at 2026-11-22 09:40 UTC',
      '130/82 mmHg at 2026-11-22 11:00 UTC',
    ]);
    expect(form).toMatchObject({
      doseLabel: '56 mg',
      lotNumbers: 'LOT-B7',
      totalMonitoringMinutes: 125,
      readyToLeave: '2026-11-22 10:20 UTC',
      status: 'due',
    });
    expect(form.suggestions.sedation).toEqual({ answer: 'yes', evidence: 'Lowest MOAA/S after the dose: 3' });
    expect(form.suggestions.dissociation.answer).toBe('yes');
    expect(form.suggestions.respiratoryDepression.answer).toBe('no');
    expect(form.suggestions.vitalsAcceptableBeforeDosing.answer).toBe('yes');
    expect(form.suggestions.vitalsAcceptableBeforeDischarge.answer).toBe('yes');
    expect(form.suggestions.concomitantMedicines.evidence).toBe('Asked before dosing: none');
  });

  it('lists each lot once: a second device of the same lot is not a second lot', () => {
    const { state } = finished();
    const [first] = state.doses;
    const devices = { ...state, doses: [first!, { ...first!, doseId: 'd-2', seq: first!.seq + 1000, deviceOfDoseId: first!.doseId }] };
    expect(buildRemsForm(devices, spravato56Protocol(), null, 'UTC').lotNumbers).toBe('LOT-B7');
    const twoLots = { ...devices, doses: [devices.doses[0]!, { ...devices.doses[1]!, lotNumber: 'LOT-C2' }] };
    expect(buildRemsForm(twoLots, spravato56Protocol(), null, 'UTC').lotNumbers).toBe('LOT-B7, LOT-C2');
  });

  it('is due 7 days after the session and flagged from 2 days before the deadline', () => {
    const { state, minutes } = finished();
    const dueBy = remsDueBy(state);
    expect(dueBy).toBe(minutes(125) + REMS_FORM_RULES.submitWithinDays * DAY);
    expect(remsDeadlineNear(dueBy, dueBy - 2 * DAY - 1)).toBe(false);
    expect(remsDeadlineNear(dueBy, dueBy - 2 * DAY)).toBe(true);
    expect(remsDeadlineNear(dueBy, dueBy - 2 * DAY + 1)).toBe(true);
  });

  it('refuses answers with a question left open, naming it', () => {
    const result = remsAnswersSchema.safeParse({ sedation: 'yes' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('respiratoryDepression');
  });
});
