import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TherapistPanel } from '../../../../client/src/session/lifecycle/TherapistPanel';
import type { DissociationScale } from '../../../../shared/lifecycle/config';
import { MOAAS_LEVELS } from '../../../../shared/lifecycle/scales';
import { sessionLog, submitSpy } from './fixtures';

const NOW = Date.UTC(2026, 10, 22, 10, 30, 0);

function renderPanel(scale: DissociationScale = 'cadss6') {
  const submit = submitSpy();
  render(<TherapistPanel dissociationScale={scale} serverNow={() => NOW} pending={[]} submit={submit} onDiscard={() => undefined} />);
  return { submit, user: userEvent.setup() };
}

describe("the therapist's panel", () => {
  it('has one large button per MOAA/S level with the wording of each level; one press records it at server time', async () => {
    const { submit, user } = renderPanel();
    for (const level of MOAAS_LEVELS) expect(screen.getByRole('radio', { name: `${level.score} ${level.label}` })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: /^4 Lethargic response/ }));
    expect(submit).toHaveBeenCalledWith('observation.record', { observedAt: NOW, observation: { kind: 'moaas', score: 4 } });
    expect(screen.getByRole('status').textContent).toContain('Recorded MOAA/S 4 — Lethargic response to name spoken in normal tone');
  });

  it('CADSS-6: scores each of the six items 0-4, shows the total, and records only when all six are scored', async () => {
    const { submit, user } = renderPanel('cadss6');
    const record = () => screen.getByRole('button', { name: /Record CADSS-6/ });
    expect(screen.getByTestId('cadss-total').textContent).toContain('Total 0 of 24 — 6 item(s) not scored yet');
    expect(record()).toHaveProperty('disabled', true);
    const scores: [number, number][] = [
      [1, 2],
      [2, 1],
      [6, 0],
      [7, 4],
      [15, 3],
    ];
    for (const [item, score] of scores) await user.click(screen.getByRole('radio', { name: `Item ${item}: ${score}` }));
    expect(screen.getByTestId('cadss-total').textContent).toContain('Total 10 of 24 — 1 item(s) not scored yet');
    await user.click(screen.getByRole('radio', { name: 'Item 22: 1' }));
    // Changing a score replaces it.
    await user.click(screen.getByRole('radio', { name: 'Item 7: 3' }));
    expect(screen.getByRole('radio', { name: 'Item 7: 3' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('radio', { name: 'Item 7: 4' }).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('cadss-total').textContent).toBe('Total 10 of 24');
    await user.click(record());
    expect(submit).toHaveBeenCalledWith('observation.record', {
      observedAt: NOW,
      observation: { kind: 'cadss6', itemScores: [2, 1, 0, 3, 3, 1] },
    });
    expect(screen.getByTestId('cadss-total').textContent).toContain('Total 0 of 24');
  });

  it('from the keyboard each scale is one Tab stop: arrows choose, Enter records MOAA/S; CADSS-6 takes six Tab stops, not thirty', async () => {
    const { submit, user } = renderPanel('cadss6');
    const moaas = screen.getByRole('radiogroup', { name: /MOAA\/S level/ });
    expect(moaas.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: /^5 Responds readily/ }));
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: /^3 Responds only after name is called loudly/ }));
    expect(submit).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(submit).toHaveBeenCalledWith('observation.record', { observedAt: NOW, observation: { kind: 'moaas', score: 3 } });

    // Tab leaves MOAA/S and lands on CADSS item 1; each item is one stop, arrows set its score.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Item 1: 0' }));
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Item 1: 2' }).getAttribute('aria-checked')).toBe('true');
    for (let item = 2; item <= 6; item += 1) {
      await user.tab();
      await user.keyboard('{End}');
    }
    expect(screen.getByTestId('cadss-total').textContent).toBe('Total 22 of 24');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Record CADSS-6 \(total 22\)/ }));
    await user.keyboard('{Enter}');
    expect(submit).toHaveBeenLastCalledWith('observation.record', {
      observedAt: NOW,
      observation: { kind: 'cadss6', itemScores: [2, 4, 4, 4, 4, 4] },
    });
  });

  it('shows the latest entry of each scale beside it', () => {
    const log = sessionLog();
    log.observe(20, { kind: 'moaas', score: 3 });
    log.observe(25, { kind: 'moaas', score: 4 });
    log.observe(26, { kind: 'cadss6', itemScores: [1, 1, 0, 2, 0, 0] });
    render(
      <TherapistPanel
        dissociationScale="cadss6"
        observations={log.state().observations}
        serverNow={() => NOW}
        pending={[]}
        submit={submitSpy()}
        onDiscard={() => undefined}
      />,
    );
    expect(
      screen.getByText(/^Last: MOAA\/S 4 — Lethargic response to name spoken in normal tone at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d$/),
    ).toBeTruthy();
    expect(screen.getByText(/^Last: CADSS-6 total 4 of 24/)).toBeTruthy();
  });

  it('a refused note can be re-entered (its text comes back); other refused entries can only be discarded', async () => {
    const refusal = { code: 'conflict' as const, message: 'This session has been discharged and is read-only.', issues: [] };
    const entry = (commandId: string, observation: object) => ({
      commandId,
      event: 'observation.record' as const,
      request: { commandId, sessionId: 's-1', observedAt: NOW, observation },
      sessionId: 's-1',
      userId: 'u-therapist',
      createdAt: 0,
      status: 'refused' as const,
      refusal,
      attempts: 1,
    });
    const discarded: string[] = [];
    render(
      <TherapistPanel
        dissociationScale="cadss6"
        serverNow={() => NOW}
        pending={[entry('c1', { kind: 'moaas', score: 5 }), entry('c2', { kind: 'note', text: 'Calm, talking' })]}
        submit={submitSpy()}
        onDiscard={(id) => discarded.push(id)}
      />,
    );
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual([
      '✕ Refused — MOAA/S 5 — Responds readily to name spoken in normal tone: This session has been discharged and is read-only.',
      '✕ Refused — Note: Calm, talking: This session has been discharged and is read-only.',
    ]);
    expect(screen.getAllByRole('button', { name: 'Re-enter' })).toHaveLength(1);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Re-enter' }));
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveProperty('value', 'Calm, talking');
    expect(discarded).toEqual(['c2']);
  });

  it('a clinic on the 0-10 rating gets one button per rating instead of CADSS-6 items', async () => {
    const { submit, user } = renderPanel('rating0to10');
    expect(screen.queryByRole('button', { name: /Record CADSS-6/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Dissociation 7 of 10' }));
    expect(submit).toHaveBeenCalledWith('observation.record', { observedAt: NOW, observation: { kind: 'dissociation', rating: 7 } });
  });

  it('peak, return to baseline, nausea, vomiting and a note', async () => {
    const { submit, user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Peak effect now' }));
    await user.click(screen.getByRole('button', { name: 'Returned to baseline now' }));
    await user.click(screen.getByRole('button', { name: 'Nausea' }));
    await user.click(screen.getByRole('button', { name: 'Vomiting' }));
    await user.click(screen.getByRole('button', { name: 'Save note' }));
    expect(screen.getByText(/Write the note first/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'Tearful, settled with music');
    await user.click(screen.getByRole('button', { name: 'Save note' }));
    expect(submit.mock.calls.map(([, fields]) => ('observation' in fields ? fields.observation : undefined))).toEqual([
      { kind: 'peak' },
      { kind: 'returned_to_baseline' },
      { kind: 'nausea', vomiting: false },
      { kind: 'nausea', vomiting: true },
      { kind: 'note', text: 'Tearful, settled with music' },
    ]);
  });
});
