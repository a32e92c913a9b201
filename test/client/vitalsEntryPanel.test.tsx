import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { VitalsEntryPanel } from '../../client/src/session/VitalsEntryPanel';

const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
const OPENED = NOW - 60 * 60_000;

function setup() {
  const onSubmit = vi.fn(async () => null);
  render(<VitalsEntryPanel serverNow={() => NOW} notBefore={OPENED} onSubmit={onSubmit} />);
  return { onSubmit, user: userEvent.setup() };
}

const field = (name: RegExp) => screen.getByRole('textbox', { name });

describe('the vital-set entry panel', () => {
  it('records a set typed with Tab between fields and Enter, measured now', async () => {
    const { onSubmit, user } = setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('138{Tab}84{Tab}76{Tab}97{Tab}15{Tab}36.8{Enter}');
    expect(onSubmit).toHaveBeenCalledWith({
      vitals: { systolicMmHg: 138, diastolicMmHg: 84, heartRateBpm: 76, spo2Percent: 97, respiratoryRatePerMin: 15, temperatureC: 36.8 },
      observedAt: NOW,
    });
    // Cleared and ready for the next set, focus back on the first field.
    expect(field(/^Systolic/)).toHaveProperty('value', '');
    expect(document.activeElement).toBe(field(/^Systolic/));
    expect(screen.getByRole('status').textContent).toBe('Vital set stored.');
  });

  it('says a set is queued, never stored, while it waits in the outbox', async () => {
    const onSubmit = vi.fn(async () => null);
    const { rerender } = render(<VitalsEntryPanel serverNow={() => NOW} notBefore={OPENED} onSubmit={onSubmit} waitingCount={0} />);
    const user = userEvent.setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('138{Tab}84{Tab}76{Tab}97{Tab}15{Enter}');
    rerender(<VitalsEntryPanel serverNow={() => NOW} notBefore={OPENED} onSubmit={onSubmit} waitingCount={2} />);
    expect(screen.getByRole('status').textContent).toBe('Vital set queued — it will send when the connection allows (2 not yet stored).');
    expect(screen.getByRole('status').textContent).not.toMatch(/saved|stored\.$/);
    rerender(<VitalsEntryPanel serverNow={() => NOW} notBefore={OPENED} onSubmit={onSubmit} waitingCount={0} />);
    expect(screen.getByRole('status').textContent).toBe('Vital set stored.');
  });

  it('refuses systolic 400 and SpO2 101 beside their fields and sends nothing', async () => {
    const { onSubmit, user } = setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('400{Tab}80{Tab}70{Tab}101{Tab}14{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(field(/^Systolic/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Systolic pressure of 400 mmHg is not possible/)).toBeTruthy();
    expect(screen.getByText(/SpO2 of 101 % is not possible/)).toBeTruthy();
    expect(document.activeElement).toBe(field(/^Systolic/));
  });

  it('refuses a diastolic above the systolic, and a missing required value', async () => {
    const { onSubmit, user } = setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('90{Tab}110{Tab}{Tab}96{Tab}14{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText(/Diastolic \(110\) must be lower than systolic \(90\)/)).toBeTruthy();
    expect(screen.getByText(/Heart rate is required/)).toBeTruthy();
  });

  it('flags a value as soon as the nurse leaves the field', async () => {
    const { user } = setup();
    await user.click(field(/^Heart rate/));
    await user.keyboard('abc{Tab}');
    expect(screen.getByText(/Heart rate must be a number/)).toBeTruthy();
  });

  it('accepts a plausible but alarming set', async () => {
    const { onSubmit, user } = setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('196{Tab}118{Tab}132{Tab}88{Tab}7{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('takes "measured at" as minutes ago or a time of day, and refuses the future', async () => {
    const { onSubmit, user } = setup();
    await user.click(field(/^Systolic/));
    await user.keyboard('120{Tab}80{Tab}70{Tab}98{Tab}14{Tab}{Tab}-15{Enter}');
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ observedAt: NOW - 15 * 60_000 }));

    const future = new Date(NOW + 2 * 60 * 60_000);
    const hhmm = `${String(future.getHours()).padStart(2, '0')}:${String(future.getMinutes()).padStart(2, '0')}`;
    await user.click(field(/^Systolic/));
    await user.keyboard(`120{Tab}80{Tab}70{Tab}98{Tab}14{Tab}{Tab}${hhmm}{Enter}`);
    expect(screen.getByText(/in the future/)).toBeTruthy();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
});
