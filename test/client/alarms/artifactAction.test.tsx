import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { renderWithPortal } from '../../support/portal';
import { describe, expect, it } from 'vitest';
import { ArtifactAction, QUICK_ARTIFACT_REASONS } from '../../../client/src/session/alarms/ArtifactAction';
import { ReadingsTable } from '../../../client/src/session/ReadingsTable';
import { clockTime } from '../../../client/src/format/time';
import { alarmingSession } from './alarmFixture';

function setup() {
  const { session, protocol } = alarmingSession();
  const state = session.state();
  const reading = state.readings.find((r) => r.vitals.spo2Percent === 88)!;
  const { portal, ...view } = renderWithPortal(
    <ReadingsTable
      readings={state.readings}
      pending={[]}
      artifactAction={(r) => <ArtifactAction sessionId="s-alarms" reading={r} userId="u-nurse" />}
    />,
  );
  return { session, protocol, submit: portal.submit, reading, ...view };
}

describe('marking a reading as artifact from the readings table', () => {
  it('needs a reason, chosen from the quick reasons or typed, in place', async () => {
    const { submit, reading } = setup();
    expect(QUICK_ARTIFACT_REASONS).toEqual(['Cuff moved', 'Probe off', 'Patient moving']);
    fireEvent.click(screen.getByRole('button', { name: `Mark artifact: reading at ${clockTime(reading.observedAt)}` }));
    // Nothing chosen: refused beside the field, nothing sent.
    fireEvent.click(screen.getByRole('button', { name: 'Mark as artifact' }));
    expect(await screen.findByText('⚠ Say why this reading is an artifact')).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Probe off' }));
    expect(screen.getByRole('button', { name: 'Probe off' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('Reason (required)') as HTMLInputElement).value).toBe('Probe off');
    fireEvent.click(screen.getByRole('button', { name: 'Mark as artifact' }));
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    expect(submit.mock.calls[0]).toEqual([
      'reading.markArtifact',
      { sessionId: 's-alarms', readingId: reading.readingId, reason: 'Probe off', commandId: expect.any(String) },
    ]);
  });

  it('marks the reading chosen, with a typed reason (trimmed); Cancel sends nothing', async () => {
    const { submit, session } = setup();
    const twelve = session.state().readings.find((r) => r.observedAt === session.minutes(12))!;
    const open = () => fireEvent.click(screen.getByRole('button', { name: `Mark artifact: reading at ${clockTime(twelve.observedAt)}` }));
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(submit).not.toHaveBeenCalled();
    open();
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: '  arm bent during measurement ' } });
    fireEvent.submit(screen.getByLabelText('Reason (required)').closest('form')!);
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    expect(submit.mock.calls[0]).toEqual([
      'reading.markArtifact',
      expect.objectContaining({ readingId: twelve.readingId, reason: 'arm bent during measurement' }),
    ]);
    // The form closes once handed to the outbox.
    await waitFor(() => expect(screen.queryByLabelText('Reason (required)')).toBeNull());
  });

  it('an artifact reading stays in the table, struck through, with its reason and who marked it', () => {
    const { session, reading, rerender } = setup();
    session.artifact(16, reading.readingId, 'Probe off');
    const state = session.state();
    rerender(
      <ReadingsTable
        readings={state.readings}
        pending={[]}
        artifactAction={(r) => <ArtifactAction sessionId="s-alarms" reading={r} userId="u-nurse" />}
      />,
    );
    const rows = screen.getAllByTestId('reading');
    expect(rows).toHaveLength(4);
    const struck = rows.filter((row) => row.className.includes('reading-artifact'));
    expect(struck).toHaveLength(1);
    expect(struck[0]!.textContent).toContain('88');
    expect(struck[0]!.textContent).toContain('✕ Artifact: Probe off');
    expect(struck[0]!.textContent).toContain('Nurse Demo');
    expect(screen.getAllByRole('button', { name: /Mark artifact/ })).toHaveLength(3);
  });

  it('offers nothing when the role may not mark artifacts (no action column)', () => {
    const { session } = alarmingSession();
    render(<ReadingsTable readings={session.state().readings} pending={[]} />);
    expect(screen.queryByRole('button', { name: /Mark artifact/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Artifact' })).toBeNull();
  });
});
