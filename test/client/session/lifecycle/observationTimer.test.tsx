import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ObservationTimer } from '../../../../client/src/session/lifecycle/ObservationTimer';
import { clockTime } from '../../../../client/src/format/time';
import { dosedAt10, MINUTE_MS, sessionLog, spravato } from './fixtures';

describe('the observation timer', () => {
  it('before the dose says it starts at the dose, with the minimum', () => {
    const log = sessionLog();
    render(<ObservationTimer state={log.state()} protocol={spravato} now={log.minutes(5)} />);
    expect(screen.getByTestId('observation-timer').textContent).toContain('Starts at the dose');
    expect(screen.getByTestId('observation-timer').textContent).toContain('minimum 120 min');
  });

  it('shows elapsed and remaining to 120 min and the next check from the given server time', () => {
    const log = dosedAt10();
    const dosedAt = log.minutes(10);
    // 37.5 minutes after the dose, with readings for the 0, 15 and 30 min checks.
    log.vitals(10, 130, 84);
    log.vitals(25, 134, 86);
    log.vitals(40, 136, 88);
    render(<ObservationTimer state={log.state()} protocol={spravato} now={dosedAt + 37.5 * MINUTE_MS} />);
    expect(screen.getByTestId('timer-elapsed').textContent).toBe('37 min');
    expect(screen.getByTestId('timer-remaining').textContent).toBe('1 h 23 min of 120 min');
    expect(screen.getByTestId('timer-next-check').textContent).toBe(
      `Next check 40-min check at ${clockTime(dosedAt + 40 * MINUTE_MS)}, in 2 min`,
    );
    expect(screen.queryByTestId('timer-overdue')).toBeNull();
  });

  it('says a check is due now, and flags an overdue check with how long ago it was due', () => {
    const log = dosedAt10();
    const dosedAt = log.minutes(10);
    log.vitals(10, 130, 84);
    const { rerender } = render(<ObservationTimer state={log.state()} protocol={spravato} now={dosedAt + 15 * MINUTE_MS - 20_000} />);
    expect(screen.getByTestId('timer-next-check').textContent).toContain('15-min check');
    expect(screen.getByTestId('timer-next-check').textContent).toContain('due now');
    // No blood pressure for the 15-min check (grace 5 min): overdue at 20 min; at 28 it is 13 min past due.
    rerender(<ObservationTimer state={log.state()} protocol={spravato} now={dosedAt + 28 * MINUTE_MS} />);
    expect(screen.getByTestId('timer-overdue').textContent).toContain('OVERDUE: 15-min check');
    expect(screen.getByTestId('timer-overdue').textContent).toContain('13 min ago');
  });

  it('at 120 min the minimum is reached; the screen clock plays no part (only `now`)', () => {
    const log = dosedAt10();
    const dosedAt = log.minutes(10);
    render(<ObservationTimer state={log.state()} protocol={spravato} now={dosedAt + 120 * MINUTE_MS} />);
    expect(screen.getByTestId('timer-elapsed').textContent).toBe('2 h 00 min');
    expect(screen.getByTestId('timer-remaining').textContent).toBe('✓ 120 min minimum reached');
    expect(screen.getByTestId('timer-next-check').textContent).toContain('120-min check');
  });

  it('stops at discharge: a session closed early says how far short of the minimum it was', () => {
    const log = dosedAt10();
    const dosedAt = log.minutes(10);
    log.add('session.endedEarly', { reason: 'Patient asked to stop' }, dosedAt + 30 * MINUTE_MS);
    render(<ObservationTimer state={log.state()} protocol={spravato} now={dosedAt + 50 * MINUTE_MS} />);
    expect(screen.getByTestId('timer-elapsed').textContent).toBe('30 min');
    expect(screen.getByTestId('timer-remaining').textContent).toBe('Closed 1 h 30 min before the 120 min minimum');
    expect(screen.getByTestId('observation-timer').textContent).toContain('Clock stopped');
    expect(screen.queryByTestId('timer-next-check')).toBeNull();
  });
});
