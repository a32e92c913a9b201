import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PreDosePanel } from '../../../../client/src/session/lifecycle/PreDosePanel';
import type { OutboxEntry } from '../../../../client/src/outbox/storage';
import type { Role } from '../../../../shared/roles';
import { prescriber, sessionLog, spravato, submitSpy } from './fixtures';
import { outboxEntry } from './panels';

function renderPanel(log: ReturnType<typeof sessionLog>, role: Role, pending: OutboxEntry[] = []) {
  const submit = submitSpy();
  const onDiscard = submitSpy();
  render(
    <PreDosePanel
      state={log.state()}
      protocol={spravato}
      role={role}
      pending={pending}
      submit={submit}
      onDiscard={(id) => void onDiscard('checklist.tick', { id })}
    />,
  );
  return { submit, onDiscard, user: userEvent.setup() };
}

describe('the pre-dose panel', () => {
  it('ticks and unticks items as the signed-in person; shows who ticked and when', async () => {
    const log = sessionLog();
    log.tick('fasting', 2);
    const { submit, user } = renderPanel(log, 'nurse');

    const fasting = screen.getByRole('checkbox', { name: /Fasting/ });
    expect(fasting).toHaveProperty('checked', true);
    expect(
      within(screen.getByTestId('checklist-item-fasting')).getByText(/Ticked by Nurse Demo at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d/),
    ).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: /Consent confirmed/ }));
    expect(submit).toHaveBeenCalledWith('checklist.tick', { checklist: 'pre_dose', itemId: 'consent_confirmed' });
    await user.click(fasting);
    expect(submit).toHaveBeenCalledWith('checklist.untick', { checklist: 'pre_dose', itemId: 'fasting' });
  });

  it('disables items the role may not change and says who can', async () => {
    const { submit, user } = renderPanel(sessionLog(), 'nurse');
    const intention = screen.getByRole('checkbox', { name: /Intention for the session noted/ });
    expect(intention).toHaveProperty('disabled', true);
    expect(within(screen.getByTestId('checklist-item-intention_noted')).getByText(/only a therapist can change this/)).toBeTruthy();
    await user.click(intention);
    expect(submit).not.toHaveBeenCalled();
  });

  it('an item with a tick on its way shows ticked at once, says it is not on the record yet, and cannot be ticked twice', async () => {
    const waiting = outboxEntry({
      commandId: 'c1',
      event: 'checklist.tick',
      request: { commandId: 'c1', sessionId: 's-1', checklist: 'pre_dose', itemId: 'fasting' },
    });
    const { submit, user } = renderPanel(sessionLog(), 'nurse', [waiting]);
    const box = screen.getByRole('checkbox', { name: /Fasting/ });
    // Not disabled: a disabled box would drop the keyboard's focus to the page while its tick sends.
    expect(box).toHaveProperty('disabled', false);
    expect(box.getAttribute('aria-disabled')).toBe('true');
    box.focus();
    await user.keyboard(' ');
    expect(submit).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(box);
    expect(box).toHaveProperty('checked', true);
    expect(screen.getByTestId('checklist-item-fasting').textContent).toContain('Ticked here — not yet on the record');
    expect(screen.getByText(/Not yet sent: Tick "Fasting/)).toBeTruthy();
  });

  it('lists what still blocks the dose, and nothing once the checklist and baseline are done', () => {
    const log = sessionLog();
    renderPanel(log, 'nurse');
    const blockers = screen.getByTestId('dose-blockers');
    expect(blockers.textContent).toContain('Record a baseline vital set with blood pressure before the dose');
    expect(blockers.textContent).toContain('Pre-dose checklist not complete: Fasting');
  });

  it('shows the baseline within the limit as done and nothing blocking once all is ticked', () => {
    const log = sessionLog();
    log.tickAllPreDose(2);
    log.vitals(5, 128, 82);
    renderPanel(log, 'nurse');
    expect(screen.getByTestId('advisory').textContent).toContain('Baseline 128/82 mmHg');
    expect(screen.getByTestId('advisory').textContent).toContain('within the advisory limit of 140/90');
    expect(screen.getByTestId('dose-blockers').textContent).toContain('Nothing blocks the dose');
  });

  it('a high baseline: the nurse sees "waiting for the prescriber"; the prescriber acknowledges with an optional reason', async () => {
    const log = sessionLog();
    log.vitals(5, 152, 94);
    renderPanel(log, 'nurse');
    expect(screen.getByText(/Waiting for the prescriber to acknowledge/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.getByTestId('dose-blockers').textContent).toContain(
      'above the advisory limit of 140/90: a prescriber must acknowledge it',
    );
  });

  it('the prescriber acknowledges a high baseline, with or without a reason', async () => {
    const log = sessionLog();
    log.vitals(5, 152, 94);
    const { submit, user } = renderPanel(log, 'prescriber');
    await user.click(screen.getByRole('button', { name: /Acknowledge baseline 152\/94/ }));
    expect(submit).toHaveBeenLastCalledWith('predose.acknowledgeAdvisory', {});
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'Usual for this patient');
    await user.click(screen.getByRole('button', { name: /Acknowledge baseline 152\/94/ }));
    expect(submit).toHaveBeenLastCalledWith('predose.acknowledgeAdvisory', { reason: 'Usual for this patient' });
  });

  it('shows who acknowledged the baseline', () => {
    const log = sessionLog();
    log.vitals(5, 152, 94);
    log.add('predose.advisoryAcknowledged', { reason: 'Usual for her' }, log.minutes(6), prescriber);
    renderPanel(log, 'nurse');
    expect(screen.getByTestId('advisory').textContent).toMatch(
      /acknowledged by Dr Demo at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d — “Usual for her”/,
    );
  });

  it('shows a refused tick with the reason and a Discard button', async () => {
    const refused = outboxEntry({
      commandId: 'c2',
      event: 'checklist.tick',
      request: { commandId: 'c2', sessionId: 's-1', checklist: 'pre_dose', itemId: 'fasting' },
      status: 'refused',
      refusal: { code: 'conflict', message: '"Fasting" was already ticked by Nurse B.', issues: [] },
      attempts: 1,
    });
    const { onDiscard, user } = renderPanel(sessionLog(), 'nurse', [refused]);
    expect(screen.getByRole('alert').textContent).toContain('was already ticked by Nurse B.');
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(onDiscard).toHaveBeenCalledWith('checklist.tick', { id: 'c2' });
  });
});
