import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clockTime } from '../../../client/src/format/time';
import { SessionHeader } from '../../../client/src/session/SessionHeader';
import { MINUTE_MS, nurse, sessionLog } from './lifecycle/fixtures';

describe('the session header', () => {
  it('counts the time since the dose while the session runs', () => {
    const log = sessionLog();
    log.dose(10);
    render(<SessionHeader state={log.state()} roomName="Room 1" now={log.minutes(70)} updatedAt={null} />);
    expect(screen.getByTestId('since-dose').textContent).toBe(`1 h 00 min (dose at ${clockTime(log.minutes(10))})`);
  });

  it('stops at the end of a closed session, however long after it is read', () => {
    const log = sessionLog();
    log.dose(10);
    log.add('session.discharged', { override: null, failingItemIds: [] }, log.minutes(135), nurse);
    const aWeekLater = log.minutes(135) + 7 * 24 * 60 * MINUTE_MS;
    render(<SessionHeader state={log.state()} roomName="Room 1" now={aWeekLater} updatedAt={null} />);
    expect(screen.getByTestId('since-dose').textContent).toBe(`dose at ${clockTime(log.minutes(10))}, session ended 2 h 05 min after it`);
  });
});
