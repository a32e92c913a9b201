import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EndEarly } from '../../../../client/src/session/lifecycle/EndEarly';
import type { Role } from '../../../../shared/roles';
import { dosedAt10, nurse, prescriber, type sessionLog, submitSpy, therapist } from './fixtures';
import { nurseDemo, renderDischargePanel, renderLifecyclePanels } from './panels';

/** Dosed at 10 min; at 100 min after the dose everything holds except the practical items and the time. */
function monitoredLog() {
  const log = dosedAt10();
  log.vitals(105, 126, 80);
  log.observe(106, { kind: 'moaas', score: 5 });
  log.observe(107, { kind: 'returned_to_baseline' });
  bedsideScores(log, 107);
  return log;
}

/** The nurse scores the modified Aldrete and PADSS items the record cannot know. */
function bedsideScores(log: ReturnType<typeof sessionLog>, atMinutes: number, activity = 2) {
  log.observe(atMinutes, { kind: 'score_item', scoreId: 'aldrete', itemId: 'activity', points: activity }, nurse);
  log.observe(atMinutes, { kind: 'score_item', scoreId: 'aldrete', itemId: 'breathing', points: 2 }, nurse);
  log.observe(atMinutes, { kind: 'score_item', scoreId: 'padss', itemId: 'activity_mental_status', points: 2 }, nurse);
  log.observe(atMinutes, { kind: 'score_item', scoreId: 'padss', itemId: 'pain_nausea', points: 2 }, nurse);
}

describe('the discharge panel', () => {
  it('shows each item with whether it holds and why, from the record at server time', () => {
    renderDischargePanel(monitoredLog(), 'nurse', 110);
    expect(screen.getByTestId('discharge-item-minimum_observation').textContent).toContain('100 of 120 min elapsed');
    expect(screen.getByTestId('discharge-item-minimum_observation').textContent).toContain('not met');
    expect(screen.getByTestId('discharge-item-vitals_near_baseline').textContent).toContain('holds');
    expect(screen.getByTestId('discharge-item-moaas_recovered').textContent).toContain('holds');
    expect(screen.getByTestId('discharge-item-dissociation_resolved').textContent).toContain('returned to baseline');
    expect(screen.getByTestId('checklist-item-responsible_adult').textContent).toContain('Not ticked');
    expect(screen.getByTestId('discharge-item-recent_blood_pressure').textContent).toContain('Latest blood pressure 5 min ago');
    expect(screen.getByTestId('discharge-item-score_aldrete').textContent).toContain('holds');
    expect(screen.getByTestId('discharge-item-score_padss').textContent).toContain('holds');
    expect(screen.getByTestId('discharge-summary').textContent).toContain('5 of 12 items not yet met');
  });

  it('tells a nurse what is missing and offers no discharge while items fail', () => {
    renderDischargePanel(monitoredLog(), 'nurse', 110);
    const blocked = screen.getByTestId('discharge-blocked');
    expect(blocked.textContent).toContain(
      'still missing: Minimum observation time (120 min); Spravato REMS: at least 120 min from the first device before going home; Responsible adult present to take the patient home; Told: no driving until the next day after sleep; no major decisions, alcohol or cannabis for 24 hours; Integration session booked (date).',
    );
    expect(blocked.textContent).toContain('No override can pass this floor');
    expect(screen.queryByRole('button', { name: /^Discharge/ })).toBeNull();
  });

  it('practical items are ticked by named people; the booked date is required', async () => {
    const log = monitoredLog();
    const { submit, user } = renderDischargePanel(log, 'therapist', 110);
    await user.click(screen.getByRole('checkbox', { name: /Responsible adult/ }));
    expect(submit).toHaveBeenCalledWith('checklist.tick', { checklist: 'discharge', itemId: 'responsible_adult' });
    await user.click(screen.getByRole('checkbox', { name: /Integration session booked/ }));
    expect(screen.getByText(/Enter the date first/)).toBeTruthy();
    expect(submit).toHaveBeenCalledTimes(1);
    await user.type(screen.getByLabelText(/^Date for/), '2026-11-29');
    await user.click(screen.getByRole('checkbox', { name: /Integration session booked/ }));
    expect(submit).toHaveBeenLastCalledWith('checklist.tick', {
      checklist: 'discharge',
      itemId: 'integration_booked',
      date: new Date(2026, 10, 29).getTime(),
    });
  });

  it('below the Spravato floor even a prescriber is offered no override', () => {
    renderDischargePanel(monitoredLog(), 'prescriber', 110);
    expect(screen.queryByRole('button', { name: 'Discharge with items failing' })).toBeNull();
    expect(screen.getByTestId('discharge-floor').textContent).toContain(
      '100 of 120 min since the first device. No override can pass this floor',
    );
  });

  it('a prescriber may discharge with items failing only with a reason, given inline', async () => {
    // Past the floor, but the last blood pressure is 26 min old and the practical items are not ticked.
    const { submit, user } = renderDischargePanel(monitoredLog(), 'prescriber', 131);
    const button = screen.getByRole('button', { name: 'Discharge with items failing' });
    await user.click(button);
    expect(submit).not.toHaveBeenCalled();
    expect(screen.getByText(/A reason is required to discharge with items failing/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /Reason for discharging/ }).getAttribute('aria-invalid')).toBe('true');
    await user.type(screen.getByRole('textbox', { name: /Reason for discharging/ }), '   ');
    await user.click(button);
    expect(submit).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox', { name: /Reason for discharging/ }), 'Escort waiting; reviewed in person');
    await user.click(button);
    expect(submit).toHaveBeenCalledWith('session.discharge', { overrideReason: 'Escort waiting; reviewed in person' });
  });

  it('once every item holds, a nurse discharges with one press', async () => {
    const log = monitoredLog();
    log.tick('responsible_adult', 108, nurse, 'discharge');
    log.tick('instructions_given', 108, nurse, 'discharge');
    log.tick('integration_booked', 108, therapist, 'discharge', log.minutes(7 * 24 * 60));
    log.vitals(125, 126, 80);
    const { submit, user } = renderDischargePanel(log, 'nurse', 130);
    expect(screen.getByTestId('discharge-summary').textContent).toContain('Every discharge item holds');
    await user.click(screen.getByRole('button', { name: 'Discharge the patient' }));
    expect(submit).toHaveBeenCalledWith('session.discharge', {});
  });

  it('ending early needs a reason, inline', async () => {
    const submit = submitSpy();
    render(<EndEarly submit={submit} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /End the session early/ }));
    await user.click(screen.getByRole('button', { name: 'End the session early' }));
    expect(screen.getByText(/A reason is required to end the session early/)).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox', { name: /Reason for ending early/ }), 'Patient asked to stop');
    await user.click(screen.getByRole('button', { name: 'End the session early' }));
    expect(submit).toHaveBeenCalledWith('session.endEarly', { reason: 'Patient asked to stop' });
  });

  it('after discharge the panels give way to the read-only discharge record', () => {
    const log = monitoredLog();
    log.add(
      'session.discharged',
      { override: { reason: 'Reviewed in person' }, failingItemIds: ['minimum_observation', 'responsible_adult'] },
      log.minutes(115),
      prescriber,
    );
    renderLifecyclePanels(log, nurseDemo, 116);
    const record = screen.getByTestId('closed-record');
    expect(record.textContent).toContain('read-only');
    expect(record.textContent).toMatch(/Discharged(?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d by Dr Demo/);
    expect(screen.getByTestId('override-reason').textContent).toBe('“Reviewed in person”');
    expect(record.textContent).toContain('Responsible adult present to take the patient home');
    expect(record.textContent).toContain(`Observed after the dose1 h 45 min`);
    // Read-only: the one thing left is correcting a dose by an amendment.
    expect(screen.getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^Correct the dose given at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d$/),
    ]);
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});

describe('corrections after discharge', () => {
  function closedLog() {
    const log = monitoredLog();
    log.add('session.discharged', { override: null, failingItemIds: [] }, log.minutes(135), nurse);
    return log;
  }

  const renderClosed = (log: ReturnType<typeof sessionLog>, role: Role) =>
    renderLifecyclePanels(log, { userId: `u-${role}`, username: role, displayName: `Test ${role}`, role }, 140);

  it("a nurse corrects a dose's lot with a required reason, as an amendment of that dose", async () => {
    const log = closedLog();
    const doseSeq = log.state().doses[0]!.seq;
    const { submit, user } = renderClosed(log, 'nurse');
    expect(screen.getByRole('list', { name: 'Doses given' }).textContent).toContain('esketamine 56 mg intranasal, 2 devices, lot L-1');
    await user.click(screen.getByRole('button', { name: /^Correct the dose given at/ }));
    await user.click(screen.getByRole('radio', { name: 'Lot number' }));
    await user.type(screen.getByRole('textbox', { name: 'Corrected lot number' }), 'L-2');
    await user.click(screen.getByRole('button', { name: 'Record the correction' }));
    expect(screen.getByText('⚠ A reason is required')).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox', { name: /Reason for the correction/ }), 'Lot misread from the box');
    await user.click(screen.getByRole('button', { name: 'Record the correction' }));
    expect(submit).toHaveBeenCalledWith('amendment.record', {
      targetSeq: doseSeq,
      reason: 'Lot misread from the box',
      change: { kind: 'dose_lot', lotNumber: 'L-2' },
    });
  });

  it('a dose time correction needs a time of day; a therapist sees the doses without a Correct button', async () => {
    const log = closedLog();
    const { submit, user } = renderClosed(log, 'nurse');
    await user.click(screen.getByRole('button', { name: /^Correct the dose given at/ }));
    await user.type(screen.getByRole('textbox', { name: /Reason for the correction/ }), 'Clock on the wall was slow');
    await user.click(screen.getByRole('button', { name: 'Record the correction' }));
    expect(screen.getByText(/Enter the time it was given/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: /Corrected time/ }), '25:70');
    await user.click(screen.getByRole('button', { name: 'Record the correction' }));
    expect(screen.getByText(/is not a time of day/)).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
    cleanup();
    renderClosed(closedLog(), 'therapist');
    expect(screen.getByRole('list', { name: 'Doses given' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Correct/ })).toBeNull();
  });
});
