import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SuspectedArtifacts } from '../../../client/src/session/alarms/SuspectedArtifacts';
import { clockTime } from '../../../client/src/format/time';
import { suspectedArtifacts } from '../../../shared/alerts/suspects';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { alarmSession, NORMAL_VITALS, oximeter } from '../../support/alarms';

const protocol = spravato56Protocol();
const SECOND = 1 / 60;

/** An oximeter streaming every 5 s with one heart-rate spike of 148 (back to 73 the next sample) and one of 95 (inside the limits). */
function spikedSession() {
  const session = alarmSession();
  session.vitals(-1, NORMAL_VITALS);
  [72, 148, 73, 72, 110, 72].forEach((heartRateBpm, index) =>
    session.vitals(index * 5 * SECOND, { heartRateBpm, spo2Percent: 97 }, oximeter),
  );
  return session;
}

describe('suspected artifacts on the session tray', () => {
  it('lists a monitor sample that jumped past a limit and came back (not one inside the limits), newest first', () => {
    const session = spikedSession();
    const items = suspectedArtifacts(session.state(), protocol);
    expect(items).toEqual([
      { readingId: 'r3', observedAt: session.minutes(5 * SECOND), values: ['Heart rate 148/min'], suspect: 'returned' },
    ]);
    // Once a nurse judged it (confirmed as real here), it leaves the list.
    session.add('reading.confirmed', { readingId: 'r3' }, session.minutes(1));
    expect(suspectedArtifacts(session.state(), protocol)).toEqual([]);
  });

  it('offers one tap for "Artifact" and one for "Real" to those who may judge readings; others only see it', () => {
    const session = spikedSession();
    const items = suspectedArtifacts(session.state(), protocol);
    const onArtifact = vi.fn();
    const onReal = vi.fn();
    const view = render(<SuspectedArtifacts items={items} canJudge sendingIds={new Set()} onArtifact={onArtifact} onReal={onReal} />);
    const row = screen.getByTestId('suspect-row');
    expect(row.textContent).toContain('SUSPECTED ARTIFACT');
    expect(row.textContent).toContain(`Heart rate 148/min at ${clockTime(session.minutes(5 * SECOND))}`);
    expect(row.textContent).toContain('jumped and came back, not sounded');
    fireEvent.click(within(row).getByRole('button', { name: /^Artifact: Heart rate 148/ }));
    expect(onArtifact).toHaveBeenCalledWith('r3');
    fireEvent.click(within(row).getByRole('button', { name: /^Real: Heart rate 148/ }));
    expect(onReal).toHaveBeenCalledWith('r3');

    view.rerender(<SuspectedArtifacts items={items} canJudge sendingIds={new Set(['r3'])} onArtifact={onArtifact} onReal={onReal} />);
    expect(within(screen.getByTestId('suspect-row')).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('suspect-row').textContent).toContain('Sending');

    view.rerender(<SuspectedArtifacts items={items} canJudge={false} sendingIds={new Set()} onArtifact={onArtifact} onReal={onReal} />);
    expect(within(screen.getByTestId('suspect-row')).queryByRole('button')).toBeNull();
  });
});
