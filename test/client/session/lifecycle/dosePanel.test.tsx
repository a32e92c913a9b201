import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DosePanel } from '../../../../client/src/session/lifecycle/DosePanel';
import { computedDoseMg, initialDoseValues } from '../../../../client/src/session/lifecycle/doseForm';
import type { OutboxEntry } from '../../../../client/src/outbox/storage';
import type { Protocol } from '../../../../shared/protocols/schema';
import { ivKetamine, MINUTE_MS, sessionLog, spravato, submitSpy } from './fixtures';
import { outboxEntry } from './panels';

function readyLog(protocol: Protocol) {
  const log = sessionLog(protocol);
  log.tickAllPreDose(2);
  log.vitals(5, 128, 82);
  return log;
}

function renderPanel(protocol: Protocol, log = readyLog(protocol), pending: OutboxEntry[] = []) {
  const submit = submitSpy();
  const discarded: string[] = [];
  const now = log.minutes(10);
  render(
    <DosePanel
      state={log.state()}
      protocol={protocol}
      serverNow={() => now}
      pending={pending}
      submit={submit}
      onDiscard={(id) => discarded.push(id)}
    />,
  );
  return { submit, discarded, now, user: userEvent.setup() };
}

const box = (name: RegExp) => screen.getByRole('textbox', { name });

describe('the dose panel', () => {
  it('prefills drug, route and mg from a fixed-dose protocol and records it now, with lot and devices', async () => {
    const { submit, now, user } = renderPanel(spravato);
    expect(box(/^Drug/)).toHaveProperty('value', 'esketamine');
    expect(box(/^Route/)).toHaveProperty('value', 'intranasal');
    expect(box(/^Dose/)).toHaveProperty('value', '56');
    await user.type(box(/^Lot number/), 'LOT-77');
    await user.type(box(/^Devices/), '2');
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(submit).toHaveBeenCalledWith('dose.record', {
      drug: 'esketamine',
      route: 'intranasal',
      lotNumber: 'LOT-77',
      doseMg: 56,
      deviceCount: 2,
      observedAt: now,
    });
    expect(screen.getByRole('status').textContent).toContain('observation clock starts');
  });

  it('a dose still queued holds the button, so a double press never sends two doses', async () => {
    const waiting = outboxEntry({
      commandId: 'c1',
      event: 'dose.record',
      request: { commandId: 'c1', sessionId: 's-1', drug: 'esketamine', route: 'intranasal', lotNumber: '', doseMg: 56, observedAt: 1 },
    });
    const { submit, user } = renderPanel(spravato, undefined, [waiting]);
    expect(screen.getByText(/Not yet sent: Dose 56 mg/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Record dose' });
    expect(button).toHaveProperty('disabled', true);
    await user.click(button);
    expect(submit).not.toHaveBeenCalled();
  });

  it('can be set earlier: "-5" is five minutes ago', async () => {
    const { submit, now, user } = renderPanel(spravato);
    await user.type(box(/^First device at/), '-5');
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(submit.mock.calls[0]![1]).toMatchObject({ observedAt: now - 5 * MINUTE_MS });
  });

  it('weight-based: mg/kg x weight shows the computed mg and sends mg/kg and weight', async () => {
    const { submit, user } = renderPanel(ivKetamine);
    expect(box(/^Dose per kg/)).toHaveProperty('value', '0.5');
    expect(screen.getByTestId('computed-dose').textContent).toContain('Enter the dose per kg and the weight');
    await user.type(box(/^Weight/), '73.4');
    expect(screen.getByTestId('computed-dose').textContent).toBe('Dose: 36.7 mg');
    expect(screen.queryByRole('textbox', { name: /^Devices/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(submit.mock.calls[0]![1]).toMatchObject({ mgPerKg: 0.5, weightKg: 73.4, route: 'iv' });
    expect(submit.mock.calls[0]![1]).not.toHaveProperty('doseMg');
  });

  it('refuses implausible or missing values beside their fields and sends nothing', async () => {
    const { submit, user } = renderPanel(ivKetamine);
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(screen.getByText(/A dose per kg needs the patient's weight/)).toBeTruthy();
    await user.type(box(/^Weight/), '400');
    await user.clear(box(/^Drug/));
    await user.type(box(/^Given at/), '25:00');
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(screen.getByText(/A weight above 350 kg is not plausible/)).toBeTruthy();
    expect(box(/^Weight/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter the drug/)).toBeTruthy();
    expect(screen.getByText(/25:00 is not a time of day/)).toBeTruthy();
    await user.clear(box(/^Weight/));
    await user.type(box(/^Weight/), 'abc');
    await user.click(screen.getByRole('button', { name: 'Record dose' }));
    expect(screen.getByText(/The weight must be a number/)).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
  });

  it('the computed mg follows the shared rule (0.1 mg)', () => {
    expect(computedDoseMg({ ...initialDoseValues(ivKetamine), weightKg: '81' })).toBe(40.5);
    expect(computedDoseMg({ ...initialDoseValues(ivKetamine), weightKg: '' })).toBeNull();
  });

  it('is disabled with the reasons while something blocks the first dose', async () => {
    const log = sessionLog(spravato);
    const { submit, user } = renderPanel(spravato, log);
    const button = screen.getByRole('button', { name: 'Record dose' });
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByText(/The dose cannot be recorded yet: Record a baseline vital set/)).toBeTruthy();
    await user.click(button);
    expect(submit).not.toHaveBeenCalled();
  });

  it('after a whole Spravato dose: every device recorded, and no further dose (the protocol sets none)', () => {
    const log = readyLog(spravato);
    log.dose(8);
    renderPanel(spravato, log);
    expect(screen.getByRole('heading', { name: 'Further device or dose' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Doses given' }).textContent).toContain('esketamine 56 mg intranasal, 2 devices, lot L-1');
    expect(screen.getByTestId('devices-complete').textContent).toContain('All 2 devices of the 56 mg dose recorded');
    expect(screen.getByTestId('further-dose-rule').textContent).toBe(
      'This protocol sets no observation for a further intranasal dose, so none can be recorded here.',
    );
    expect(screen.getByRole('button', { name: 'Record further dose' })).toHaveProperty('disabled', true);
  });

  it('records the next device of a dose given device by device, as part of that dose', async () => {
    const log = readyLog(spravato);
    log.add(
      'dose.recorded',
      { doseId: 'd-first', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L-5', deviceCount: 1 },
      log.minutes(5),
    );
    const { submit, now, user } = renderPanel(spravato, log);
    expect(screen.getByTestId('next-device').textContent).toContain('Device 1 of 2 given');
    await user.click(screen.getByRole('button', { name: 'Record device 2 of 2 now (28 mg)' }));
    expect(submit).toHaveBeenCalledWith('dose.record', {
      observedAt: now,
      drug: 'esketamine',
      route: 'intranasal',
      lotNumber: 'L-5',
      doseMg: 28,
      deviceCount: 1,
      deviceOfDoseId: 'd-first',
    });
  });

  it("counts down the label's rest between devices, and marks a device given before it ended", async () => {
    const log = readyLog(spravato);
    const first = { doseId: 'd-first', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L-5', deviceCount: 1 };
    log.add('dose.recorded', first, log.minutes(8));
    const { submit, user } = renderPanel(spravato, log);
    expect(screen.getByTestId('device-rest').textContent).toMatch(/^⏳ Resting: [34] min left$/);
    // Recording it anyway is one press (it was given): the button says what it does.
    await user.click(screen.getByRole('button', { name: 'Record device 2 of 2 now (28 mg), before the rest ends' }));
    expect(submit).toHaveBeenCalledTimes(1);
    cleanup();
    log.add('dose.recorded', { ...first, doseId: 'd-second', deviceOfDoseId: 'd-first' }, log.minutes(10));
    renderPanel(spravato, log);
    const doses = screen.getByRole('list', { name: 'Doses given' });
    expect(doses.querySelectorAll('li')[1]!.textContent).toContain(
      '⚠ given 2 min after the device before it — the label asks for a 5-min rest',
    );
    expect(doses.querySelectorAll('li')[0]!.textContent).not.toContain('⚠');
  });

  it('says when the rest is over', () => {
    const log = readyLog(spravato);
    log.add(
      'dose.recorded',
      { doseId: 'd-first', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L-5', deviceCount: 1 },
      log.minutes(4),
    );
    renderPanel(spravato, log);
    expect(screen.getByTestId('device-rest').textContent).toBe('✓ Rest over: device 2 may be given');
    expect(screen.getByRole('button', { name: 'Record device 2 of 2 now (28 mg)' })).toBeTruthy();
  });

  it('a further IV dose says it restarts the schedule and minimum', async () => {
    const log = readyLog(ivKetamine);
    log.add(
      'dose.recorded',
      { doseId: 'd-iv', drug: 'ketamine', doseMg: 35, route: 'iv', lotNumber: 'K-1', mgPerKg: 0.5, weightKg: 70 },
      log.minutes(5),
    );
    const { submit, user } = renderPanel(ivKetamine, log);
    expect(screen.getByTestId('further-dose-rule').textContent).toBe(
      'A further iv dose restarts the check schedule and the 90-min minimum observation from its own time.',
    );
    expect(screen.queryByTestId('next-device')).toBeNull();
    await user.type(box(/^Weight/), '70');
    await user.click(screen.getByRole('button', { name: 'Record further dose' }));
    expect(submit.mock.calls[0]![1]).toMatchObject({ route: 'iv', mgPerKg: 0.5, weightKg: 70 });
  });

  it("a refused dose shows the server's reason; Re-enter puts its values back", async () => {
    const refused = outboxEntry({
      commandId: 'c9',
      event: 'dose.record',
      request: {
        commandId: 'c9',
        sessionId: 's-1',
        drug: 'esketamine',
        route: 'intranasal',
        lotNumber: 'X-1',
        doseMg: 84,
        observedAt: Date.UTC(2026, 10, 22, 9, 9),
      },
      status: 'refused',
      refusal: {
        code: 'conflict',
        message: 'The dose cannot be recorded yet.',
        issues: [{ path: ['checklist_incomplete'], message: 'Pre-dose checklist not complete' }],
      },
      attempts: 1,
    });
    const { discarded, user } = renderPanel(spravato, undefined, [refused]);
    expect(screen.getByRole('alert').textContent).toContain('Dose 84 mg: The dose cannot be recorded yet.');
    expect(screen.getByText('Pre-dose checklist not complete')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Re-enter' }));
    expect(box(/^Dose/)).toHaveProperty('value', '84');
    expect(box(/^Lot number/)).toHaveProperty('value', 'X-1');
    expect(discarded).toEqual(['c9']);
  });
});
