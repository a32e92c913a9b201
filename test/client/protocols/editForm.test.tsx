import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { protocolSchema, type Protocol } from '../../../shared/protocols/schema';
import { fail } from '../../../shared/result';
import { prescriber, catalog, clinicCopy, fakeApi, renderAt } from './fixtures';

async function openEditor(api: ReturnType<typeof fakeApi>) {
  renderAt('/protocols/our-spravato', prescriber, api);
  fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  return screen.getByRole('form', { name: /Editing “Our Spravato 56” version/ });
}

const limitRow = (index: number) => screen.getAllByTestId('limit-row')[index]!;

describe('editing a clinic copy', () => {
  it('sends every edited value with the version it was read at, and says which version was saved', async () => {
    let stored = clinicCopy(1);
    const revise = vi.fn(async (_id: string, edited: unknown) => {
      stored = { ...(edited as Protocol), version: 2 };
      return { ok: true as const, protocol: stored };
    });
    const api = fakeApi(() => catalog(stored), { revise });
    await openEditor(api);

    fireEvent.change(screen.getByLabelText('SpO2 limit (%), 50-100', { selector: '#protocol-field-alarmLimits-2-value' }), {
      target: { value: '88' },
    });
    fireEvent.change(screen.getByLabelText('Priority of SpO2 limit 4'), { target: { value: 'high' } });
    fireEvent.change(within(limitRow(3)).getByLabelText('Recheck window (min, empty: off)'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Check schedule (minutes after the dose, comma separated)'), {
      target: { value: '0, 20,40 , 120' },
    });
    fireEvent.change(screen.getByLabelText('Minimum observation after the dose (min)'), { target: { value: '150' } });
    fireEvent.change(screen.getByLabelText('High alarm from score'), { target: { value: '8' } });
    fireEvent.change(screen.getByLabelText('Priority of a rise'), { target: { value: 'high' } });
    fireEvent.change(screen.getByLabelText('Infusion time (empty: not an infusion) (min)'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Pre-dose item 1'), { target: { value: 'Fasted since midnight' } });
    fireEvent.change(screen.getByLabelText('Dissociation scale'), { target: { value: 'rating0to10' } });
    // Remove the last limit (MOAA/S <= 3), add one: heart rate at or above 120, low.
    fireEvent.click(screen.getByRole('button', { name: 'Remove limit 9: MOAA/S sedation score at or below' }));
    expect(screen.getAllByTestId('limit-row')).toHaveLength(8);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add a limit' })));
    fireEvent.click(screen.getByRole('button', { name: 'Add a limit' }));
    const added = limitRow(8);
    expect(document.activeElement).toBe(within(added).getByLabelText('Parameter of limit 9'));
    fireEvent.change(within(added).getByLabelText('Parameter of limit 9'), { target: { value: 'heartRateBpm' } });
    fireEvent.change(within(added).getByLabelText('Alarm when the value is'), { target: { value: '>=' } });
    fireEvent.change(within(added).getByLabelText('Heart rate limit (/min), 20-250'), { target: { value: '120' } });
    fireEvent.change(within(added).getByLabelText('Priority of Heart rate limit 9'), { target: { value: 'low' } });

    fireEvent.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(await screen.findByText('✓ Saved as version 2 — sessions already running keep the version they started with')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Saved as version 2'));

    expect(revise).toHaveBeenCalledTimes(1);
    const [id, body] = revise.mock.calls[0]!;
    expect(id).toBe('our-spravato');
    const sent = body as Protocol;
    expect(sent.version).toBe(1);
    expect(sent.checkScheduleMinutes).toEqual([0, 20, 40, 120]);
    expect(sent.minimumObservationMinutes).toBe(150);
    expect(sent.news2).toEqual({ mediumAt: 5, highAt: 8, singleParameterThreeIs: 'medium' });
    expect(sent.baselineRise.priority).toBe('high');
    expect(sent.preDoseChecklist[0]).toMatchObject({
      id: 'fasting',
      label: 'Fasted since midnight',
      rolesAllowed: ['nurse', 'prescriber'],
    });
    expect(sent.dissociationScale).toBe('rating0to10');
    expect('infusionMinutes' in sent).toBe(false);
    expect(sent.alarmLimits.find((l) => l.id === 'spo2-high')).toEqual({
      id: 'spo2-high',
      parameter: 'spo2Percent',
      comparator: '<=',
      value: 88,
      priority: 'high',
    });
    expect(sent.alarmLimits.find((l) => l.id === 'spo2-medium')).toEqual({
      id: 'spo2-medium',
      parameter: 'spo2Percent',
      comparator: '<=',
      value: 93,
      priority: 'high',
    });
    expect(sent.alarmLimits.map((l) => l.id)).toEqual([
      'systolic-high',
      'diastolic-high',
      'spo2-high',
      'spo2-medium',
      'resp-rate-low',
      'heart-rate-low',
      'heart-rate-high',
      'moaas-high',
      'limit-1',
    ]);
    expect(sent.alarmLimits[8]).toEqual({ id: 'limit-1', parameter: 'heartRateBpm', comparator: '>=', value: 120, priority: 'low' });
    // What the form sends is a whole protocol the shared schema accepts.
    expect(protocolSchema.safeParse(sent).success).toBe(true);
    // Back to reading, showing the saved version.
    expect(screen.getByRole('heading', { name: 'Our Spravato 56 version 2' })).toBeTruthy();
    expect(screen.getByTestId('protocol-detail').textContent).toContain('Heart rate');
  });

  it('puts each server issue beside its field, lists them above with links, and leaves nothing saved', async () => {
    const revise = vi.fn(async () =>
      fail('invalid_input', '5 fields need attention', [
        { path: ['alarmLimits', 2, 'value'], message: 'The limit must be between 50 and 100' },
        { path: ['checkScheduleMinutes', 2], message: 'Check times must go up, each once' },
        { path: ['news2', 'highAt'], message: 'The high NEWS2 score must be above the medium one' },
        { path: ['alarmLimits', 4, 'id'], message: 'The limit id "x" is used twice' },
        { path: ['discharge', 'practicalItems', 0, 'label'], message: 'A checklist item needs a label' },
        { path: ['somethingElse'], message: 'Unrecognized key' },
      ]),
    );
    const api = fakeApi(() => catalog(clinicCopy()), { revise });
    await openEditor(api);
    fireEvent.change(screen.getByLabelText('SpO2 limit (%), 50-100', { selector: '#protocol-field-alarmLimits-2-value' }), {
      target: { value: '30' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save as version 2' }));

    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('⚠ Not saved: 5 fields need attention');
    const value = screen.getByLabelText('SpO2 limit (%), 50-100', { selector: '#protocol-field-alarmLimits-2-value' });
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(value.getAttribute('aria-describedby')!)?.textContent).toBe('⚠ The limit must be between 50 and 100');
    const schedule = screen.getByLabelText('Check schedule (minutes after the dose, comma separated)');
    expect(document.getElementById(schedule.getAttribute('aria-describedby')!)?.textContent).toBe(
      '⚠ Check 3: Check times must go up, each once',
    );
    const highAt = screen.getByLabelText('High alarm from score');
    expect(document.getElementById(highAt.getAttribute('aria-describedby')!)?.textContent).toBe(
      '⚠ The high NEWS2 score must be above the medium one',
    );
    expect(within(limitRow(4)).getByText('⚠ The limit id "x" is used twice')).toBeTruthy();
    expect(screen.getByLabelText('Discharge item 1').getAttribute('aria-invalid')).toBe('true');
    expect(summary.textContent).toContain('somethingElse: Unrecognized key');
    // Fields without an issue are not marked.
    expect(screen.getByLabelText('Minimum observation after the dose (min)').getAttribute('aria-invalid')).toBeNull();
    // The summary's link takes the keyboard to the field.
    fireEvent.click(within(summary).getByRole('link', { name: 'The limit must be between 50 and 100' }));
    expect(document.activeElement).toBe(value);
    expect(screen.queryByText(/Saved as version/)).toBeNull();
  });

  it('text that is not a number is sent as null so the server names the field', async () => {
    const revise = vi.fn(async () =>
      fail('invalid_input', 'The grace period must be a number of minutes', [
        { path: ['checkGraceMinutes'], message: 'The grace period must be a number of minutes' },
      ]),
    );
    const api = fakeApi(() => catalog(clinicCopy()), { revise });
    await openEditor(api);
    fireEvent.change(screen.getByLabelText('Grace period either side of a check (min)'), { target: { value: 'five' } });
    fireEvent.change(screen.getByLabelText('Check schedule (minutes after the dose, comma separated)'), { target: { value: '0, x, 30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(await screen.findByText('⚠ The grace period must be a number of minutes', { selector: '.protocol-field-message' })).toBeTruthy();
    const sent = (revise.mock.calls[0] as unknown[])[1] as Record<string, unknown>;
    expect(sent.checkGraceMinutes).toBeNull();
    expect(sent.checkScheduleMinutes).toEqual([0, null, 30]);
  });

  it('a conflict says someone else changed it and reloads the latest version on request', async () => {
    let latest = clinicCopy(1);
    const revise = vi.fn(async () => {
      latest = { ...clinicCopy(2), minimumObservationMinutes: 135 };
      return fail(
        'conflict',
        'This protocol was changed since you opened it (you edited version 1, it is now version 2) — reload it and edit again',
      );
    });
    const api = fakeApi(() => catalog(latest), { revise });
    await openEditor(api);
    fireEvent.change(screen.getByLabelText('Minimum observation after the dose (min)'), { target: { value: '150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as version 2' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else changed this protocol since you opened it.');
    expect(alert.textContent).toContain('it is now version 2');
    await waitFor(() => expect(document.activeElement?.contains(alert)).toBe(true));
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the latest version (discards your changes here)' }));
    expect(await screen.findByRole('heading', { name: 'Editing “Our Spravato 56” version 2' })).toBeTruthy();
    expect((screen.getByLabelText('Minimum observation after the dose (min)') as HTMLInputElement).value).toBe('135');
    expect(screen.getByRole('button', { name: 'Save as version 3' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Cancel leaves the form without sending', async () => {
    const api = fakeApi(() => catalog(clinicCopy()));
    await openEditor(api);
    expect(document.activeElement).toBe(screen.getByLabelText('Protocol name'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByTestId('protocol-detail')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' })));
    expect(api.revise).not.toHaveBeenCalled();
  });
});
