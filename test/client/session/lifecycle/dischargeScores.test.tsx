import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ObservationTimer } from '../../../../client/src/session/lifecycle/ObservationTimer';
import { timelineEntries } from '../../../../client/src/session/lifecycle/SessionTimeline';
import { ketamineImProtocol } from '../../../../shared/protocols/defaults';
import { dosedAt10, nurse, sessionLog } from './fixtures';
import { nurseDemo, renderDischargePanel, renderLifecyclePanels } from './panels';

function dosedLog() {
  const log = dosedAt10();
  log.vitals(100, 126, 80);
  log.observe(100, { kind: 'moaas', score: 5 });
  return log;
}

describe('the modified Aldrete score on the discharge panel', () => {
  it('shows each item, where its points came from, the total and the pass mark', () => {
    renderDischargePanel(dosedLog(), 'nurse', 101);
    expect(screen.getByTestId('score-aldrete-total').textContent).toBe('✕ 6 of 10');
    expect(screen.getByTestId('discharge-score-aldrete').textContent).toContain('(discharge at 9 or more)');
    expect(screen.getByTestId('score-item-aldrete-circulation').textContent).toContain(
      '2 of 2: Systolic within ±20 mmHg of baseline — from the record: systolic 126 (baseline 128, -2 mmHg)',
    );
    expect(screen.getByTestId('score-item-aldrete-consciousness').textContent).toContain('Fully awake (MOAA/S 5)');
    expect(screen.getByTestId('score-item-aldrete-activity').textContent).toContain('not scored yet');
  });

  it('a nurse scores the items the record cannot know with one press; a therapist sees them without buttons', async () => {
    const { submit, user } = renderDischargePanel(dosedLog(), 'nurse', 101);
    await user.click(screen.getByRole('button', { name: 'Activity: 1, Moves two limbs' }));
    expect(submit).toHaveBeenCalledWith('observation.record', {
      observedAt: dosedLog().minutes(101),
      observation: { kind: 'score_item', scoreId: 'aldrete', itemId: 'activity', points: 1 },
    });
    expect(screen.queryByRole('button', { name: /^Circulation/ })).toBeNull();
  });

  it('a therapist is offered no Aldrete buttons', () => {
    renderDischargePanel(dosedLog(), 'therapist', 101);
    expect(screen.queryByRole('button', { name: /^Activity/ })).toBeNull();
  });

  it('passes at 9 once a named person scored activity and breathing', () => {
    const log = dosedLog();
    log.observe(100, { kind: 'score_item', scoreId: 'aldrete', itemId: 'activity', points: 1 }, nurse);
    log.observe(100, { kind: 'score_item', scoreId: 'aldrete', itemId: 'breathing', points: 2 }, nurse);
    renderDischargePanel(log, 'nurse', 101);
    expect(screen.getByTestId('score-aldrete-total').textContent).toBe('✓ 9 of 10');
    expect(screen.getByTestId('score-item-aldrete-activity').textContent).toContain('Scored by Nurse Demo');
    expect(screen.getByRole('button', { name: 'Activity: 1, Moves two limbs' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('REMS times and the ways out', () => {
  it('shows the first device, the ready-to-leave time ignoring the minimum, and the running total', () => {
    const log = dosedLog();
    log.add('session.clinicallyReady', {}, log.minutes(100));
    renderDischargePanel(log, 'nurse', 110);
    expect(screen.getByTestId('rems-times').textContent).toContain('Spravato REMS monitoring times');
    expect(screen.getByTestId('rems-ready').textContent).toMatch(/^(?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d — 90 min after the first device$/);
    expect(screen.getByTestId('rems-total').textContent).toContain('100 min so far');
  });

  it('records a transfer to emergency care only with a reason', async () => {
    const { submit, user } = renderDischargePanel(dosedLog(), 'nurse', 60);
    await user.click(screen.getByRole('button', { name: /Patient leaving another way/ }));
    await user.click(screen.getByRole('button', { name: 'Record: Transferred to emergency care' }));
    expect(screen.getByText(/A reason is required/)).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox', { name: /What happened/ }), 'Chest pain; ambulance to ED');
    await user.click(screen.getByRole('button', { name: 'Record: Transferred to emergency care' }));
    expect(submit).toHaveBeenCalledWith('session.discharge', {
      disposition: 'emergency_transfer',
      dispositionReason: 'Chest pain; ambulance to ED',
    });
  });

  it('the closed record says how the patient left, why, and the REMS total against the floor', () => {
    const log = dosedLog();
    log.add(
      'session.discharged',
      { override: null, failingItemIds: ['regulatory_floor'], disposition: 'against_advice', dispositionReason: 'Would not stay' },
      log.minutes(66),
      nurse,
    );
    renderLifecyclePanels(log, nurseDemo, 70);
    expect(screen.getByRole('heading', { name: 'Left against medical advice' })).toBeTruthy();
    expect(screen.getByTestId('disposition-reason').textContent).toBe('“Would not stay”');
    expect(screen.getByTestId('rems-total').textContent).toContain('56 min (56 min) ✕ below the 120-min floor');
    expect(timelineEntries(log.state()).find((entry) => entry.key === 'discharged')).toMatchObject({
      what: 'Left against medical advice: “Would not stay”',
      by: nurse,
    });
  });

  it('the timeline marks a further device and the REMS ready-to-leave moment', () => {
    const log = dosedLog();
    log.add(
      'dose.recorded',
      { doseId: 'd-x', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L', deviceCount: 1, deviceOfDoseId: 'd-4' },
      log.minutes(15),
    );
    log.add('session.clinicallyReady', {}, log.minutes(100));
    const words = timelineEntries(log.state()).map((entry) => entry.what);
    expect(words).toContain('Further device of the dose: esketamine 28 mg');
    expect(words).toContain('Every clinical item held (REMS: would have been ready to leave)');
  });
});

describe('the timer with two doses', () => {
  it('says which dose it counts from, and the next check after that dose', () => {
    const im = ketamineImProtocol();
    const log = sessionLog(im);
    log.add(
      'dose.recorded',
      { doseId: 'd-1', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K', mgPerKg: 0.5, weightKg: 70 },
      log.minutes(10),
    );
    log.add(
      'dose.recorded',
      { doseId: 'd-2', drug: 'ketamine', doseMg: 17.5, route: 'im', lotNumber: 'K', mgPerKg: 0.25, weightKg: 70 },
      log.minutes(90),
    );
    render(<ObservationTimer state={log.state()} protocol={im} now={log.minutes(92)} />);
    expect(screen.getByTestId('timer-counting-from').textContent).toMatch(
      /since dose 2 of 2 \(im\) at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d; first dose at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d/,
    );
    expect(screen.getByTestId('timer-remaining').textContent).toBe('1 h 28 min of 90 min after dose 2');
    expect(screen.getByTestId('timer-next-check').textContent).toMatch(
      /5-min check after dose 2 at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d, in 3 min/,
    );
  });
});
