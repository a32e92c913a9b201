import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithPortal } from '../../support/portal';
import { outboxStore } from '../../../client/src/outbox/outbox';
import type { OutboxEntry } from '../../../client/src/outbox/storage';
import { ConfirmReadingAction } from '../../../client/src/session/ConfirmReadingAction';
import { may } from '../../../shared/policy';
import { clockTime } from '../../../client/src/format/time';
import { ReadingsTable } from '../../../client/src/session/ReadingsTable';
import type { Reading } from '../../../shared/session/state';
import { MINUTE, monitorActor, nurseActor, reading } from './fixtures';

const T0 = Date.UTC(2026, 10, 23, 14, 0, 0);

function table(readings: Reading[], withAction = true) {
  const { portal, ...view } = renderWithPortal(
    <ReadingsTable
      readings={readings}
      pending={[]}
      confirmAction={withAction ? (r) => <ConfirmReadingAction sessionId="s-1" reading={r} userId="u-nurse" /> : undefined}
    />,
  );
  return { submit: portal.submit, ...view };
}

afterEach(() => outboxStore.setState({ entries: [] }));

const rowOf = (text: string) => screen.getAllByTestId('reading').find((row) => row.textContent?.includes(text))!;

describe('confirming device readings in the readings table', () => {
  it('offers Confirm on an unconfirmed device reading only (not on manual entries), and sends reading.confirm for that reading', async () => {
    const device = reading('r-device', T0 + 10 * MINUTE, monitorActor);
    const manual = reading('r-manual', T0 + 5 * MINUTE, nurseActor, {
      vitals: { systolicMmHg: 121, diastolicMmHg: 79, heartRateBpm: 70, spo2Percent: 97, respiratoryRatePerMin: 12 },
    });
    const { submit } = table([manual, device]);
    expect(within(rowOf('121/79')).queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(within(rowOf('121/79')).getByText('manual')).toBeTruthy();
    const deviceRow = rowOf('Bedside monitor 1');
    expect(within(deviceRow).getByText('device')).toBeTruthy();
    fireEvent.click(
      within(deviceRow).getByRole('button', { name: `Confirm the device reading measured at ${clockTime(device.observedAt)}` }),
    );
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    expect(submit.mock.calls[0]).toEqual(['reading.confirm', { commandId: expect.any(String), sessionId: 's-1', readingId: 'r-device' }]);
  });

  it("a device reading shows its provenance: which monitor, from where, and when it was stored; a nurse's has none", () => {
    const fromMonitor = reading('r-device', T0 + 10 * MINUTE, { ...monitorActor, source: '10.20.0.11, certificate CN=bed-1' });
    const manual = reading('r-manual', T0 + 5 * MINUTE, nurseActor, {
      vitals: { systolicMmHg: 121, diastolicMmHg: 79, heartRateBpm: 70, spo2Percent: 97, respiratoryRatePerMin: 12 },
    });
    table([manual, fromMonitor], false);
    const row = rowOf('Bedside monitor 1');
    expect(row.textContent).toContain('from 10.20.0.11, certificate CN=bed-1');
    expect(row.textContent).toContain(clockTime(fromMonitor.recordedAt));
    expect(rowOf('121/79').textContent).not.toContain('from ');
  });

  it('a confirmed reading says who confirmed it and when, with no Confirm button', () => {
    const confirmedAt = T0 + 14 * MINUTE + 30_000;
    table([reading('r-device', T0 + 10 * MINUTE, monitorActor, { confirmedBy: nurseActor, confirmedAt })]);
    const row = rowOf('Bedside monitor 1');
    expect(row.textContent).toContain(`✓ Confirmed by Nora Nurse, ${clockTime(confirmedAt)}`);
    expect(within(row).queryByRole('button', { name: /Confirm/ })).toBeNull();
  });

  it('a device reading marked as artifact cannot be confirmed; without the action (other roles) it reads "unconfirmed"', () => {
    const artifact = reading('r-artifact', T0 + 10 * MINUTE, monitorActor, {
      artifact: { reason: 'Probe off', markedBy: nurseActor, markedAt: T0 + 11 * MINUTE },
    });
    const { unmount } = table([artifact]);
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(screen.queryByText(/unconfirmed/)).toBeNull();
    unmount();
    table([reading('r-device', T0 + 10 * MINUTE, monitorActor)], false);
    expect(screen.getByText(/unconfirmed/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
  });

  it('while queued it says so; a refusal from the server is shown in place with the way to dismiss it', () => {
    const device = reading('r-device', T0 + 10 * MINUTE, monitorActor);
    const entry = (extra: Partial<OutboxEntry>): OutboxEntry => ({
      commandId: 'c-1',
      event: 'reading.confirm',
      request: { commandId: 'c-1', sessionId: 's-1', readingId: 'r-device' },
      sessionId: 's-1',
      userId: 'u-nurse',
      createdAt: T0,
      status: 'waiting',
      refusal: null,
      attempts: 0,
      ...extra,
    });
    table([device]);
    act(() => outboxStore.setState({ entries: [entry({})] }));
    expect(rowOf('Bedside monitor 1').textContent).toContain('⏳ Confirming…');
    act(() =>
      outboxStore.setState({
        entries: [
          entry({
            status: 'refused',
            refusal: { code: 'conflict', message: 'This reading was already confirmed by Pat at 14:12:00 UTC', issues: [] },
          }),
        ],
      }),
    );
    const row = rowOf('Bedside monitor 1');
    expect(row.textContent).toContain('✕ Not confirmed: This reading was already confirmed by Pat at 14:12:00 UTC');
    expect(within(row).getByRole('button', { name: 'Dismiss' })).toBeTruthy();
    // Another person's queued entry is not this screen's.
    act(() => outboxStore.setState({ entries: [entry({ userId: 'u-other' })] }));
    expect(rowOf('Bedside monitor 1').textContent).not.toContain('Confirming');
  });

  it('nurses and prescribers may confirm, as in the server policy', () => {
    expect(['nurse', 'prescriber', 'therapist', 'admin'].filter((role) => may(role as never, 'reading.confirm'))).toEqual([
      'nurse',
      'prescriber',
    ]);
  });
});
