import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { VitalsChart } from '../../../client/src/session/VitalsChart';
import { displaySnapshot } from '../../../shared/session/displaySnapshot';
import { clockTime } from '../../../client/src/format/time';
import type { Actor } from '../../../shared/session/actor';
import { reducedSizeBound } from '../../../shared/chart/reduceSeries';
import { nurse, sessionLog } from './lifecycle/fixtures';

const monitor: Actor = { kind: 'device', deviceId: 'EUI-1', displayName: 'Bedside monitor 1' };
const SECOND = 1_000;

/** A 4-hour session with a monitor reading every 5 s, one 10-second desaturation, and two readings entered by hand. */
function longSession() {
  const log = sessionLog();
  for (let i = 0; i < 4 * 720; i += 1) {
    const at = log.minutes(0) + i * 5 * SECOND;
    const spo2Percent = i === 2_000 ? 84 : 96 + (i % 3);
    log.add(
      'vitals.recorded',
      {
        readingId: `d-${i}`,
        vitals: { systolicMmHg: 118 + (i % 11), diastolicMmHg: 76 + (i % 5), heartRateBpm: 70 + (i % 7), spo2Percent },
      },
      at,
      monitor,
    );
  }
  log.add(
    'vitals.recorded',
    { readingId: 'm-1', vitals: { systolicMmHg: 150, diastolicMmHg: 95, heartRateBpm: 88, spo2Percent: 97 } },
    log.minutes(60),
    nurse,
  );
  log.add(
    'vitals.recorded',
    { readingId: 'm-2', vitals: { systolicMmHg: 131, diastolicMmHg: 84, heartRateBpm: 72, spo2Percent: 98 } },
    log.minutes(230),
    nurse,
  );
  return { log, state: log.state(), end: log.minutes(240) };
}

const linePoints = (container: HTMLElement) =>
  [...container.querySelectorAll('path.chart-line')].map((path) => (path.getAttribute('d')?.match(/[ML]/g) ?? []).length);

describe('the vitals chart of a long monitored session', () => {
  // The drawing loads on demand; load it once here so each test waits only for React.
  beforeAll(async () => {
    await import('../../../client/src/session/ChartDrawing');
  });

  it('draws each series reduced to the chart width, with markers for the readings entered by hand only', async () => {
    const { state, end } = longSession();
    const { container } = render(<VitalsChart state={state} now={end} />);
    // The lines' first paths come a task after the chart's mount (a transition): a bound for a busy machine, not a speed check.
    await waitFor(() => expect(linePoints(container).length).toBe(4), { timeout: 10_000 });
    for (const count of linePoints(container)) {
      expect(count).toBeGreaterThan(100);
      expect(count).toBeLessThanOrEqual(reducedSizeBound(720 - 120, 2));
    }
    // 2 manual readings x 4 series, each series with its own marker shape.
    const markers = container.querySelectorAll('.recharts-line-dots > *');
    expect(markers.length).toBe(8);
    expect(screen.getByText(/2882 readings charted/)).toBeTruthy();
  });

  it("counts the readings a long session's display copy left out, and says how the older ones are drawn", async () => {
    const { log, state, end } = longSession();
    const { state: shown, thinning } = displaySnapshot({ ...state, dosedAt: log.minutes(10) });
    expect(thinning).not.toBeNull();
    render(<VitalsChart state={shown} now={end} thinning={thinning} />);
    expect(screen.getByText(/2882 readings charted \(older monitor readings by each minute's lowest and highest\)/)).toBeTruthy();
  });

  it('the span control chooses the last 30 min, the last 2 h or the whole session', async () => {
    const { log, state, end } = longSession();
    render(<VitalsChart state={state} now={end} />);
    const control = screen.getByRole('group', { name: 'Chart span' });
    const whole = within(control).getByRole('button', { name: 'Whole session' });
    expect(whole.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(new RegExp(`Showing ${clockTime(log.minutes(0))}–${clockTime(end)}`))).toBeTruthy();

    fireEvent.click(within(control).getByRole('button', { name: 'Last 30 min' }));
    expect(within(control).getByRole('button', { name: 'Last 30 min' }).getAttribute('aria-pressed')).toBe('true');
    expect(whole.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText(new RegExp(`Showing ${clockTime(end - 30 * 60_000)}–${clockTime(end)}`))).toBeTruthy();

    fireEvent.click(within(control).getByRole('button', { name: 'Last 2 h' }));
    expect(screen.getByText(new RegExp(`Showing ${clockTime(end - 120 * 60_000)}–${clockTime(end)}`))).toBeTruthy();
  });

  it('the time axis moves once a minute: the drawing is untouched by the clock between minutes', async () => {
    const { state, end } = longSession();
    const { container, rerender } = render(<VitalsChart state={state} now={end - 50 * SECOND} />);
    fireEvent.click(screen.getByRole('button', { name: 'Last 30 min' }));
    await waitFor(() => expect(linePoints(container).length).toBe(4), { timeout: 10_000 });
    const path = container.querySelector('path.chart-line')!;
    const drawn = path.getAttribute('d');
    for (const second of [40, 30, 20, 10]) rerender(<VitalsChart state={state} now={end - second * SECOND} />);
    expect(container.querySelector('path.chart-line')).toBe(path);
    expect(path.getAttribute('d')).toBe(drawn);
    // Past the minute, the window slides and the line is redrawn.
    rerender(<VitalsChart state={state} now={end + 5 * SECOND} />);
    await waitFor(() => expect(container.querySelector('path.chart-line')?.getAttribute('d')).not.toBe(drawn));
  });

  it('a new reading is drawn on its line (the lines take their series from their own store, not from the chart)', async () => {
    const { log, state, end } = longSession();
    const { container, rerender } = render(<VitalsChart state={state} now={end} />);
    await waitFor(() => expect(linePoints(container).length).toBe(4), { timeout: 10_000 });
    const spo2 = () => container.querySelector('path.chart-line[data-series="spo2Percent"]')!;
    const before = spo2().getAttribute('d')!;
    const tick = container.querySelector('.recharts-cartesian-axis-tick')!;
    // A desaturation to 81%: the newest column's lowest, inside the right axis's usual span (the axis does not move).
    log.add(
      'vitals.recorded',
      { readingId: 'd-new', vitals: { systolicMmHg: 120, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 81 } },
      end - SECOND,
      monitor,
    );
    rerender(<VitalsChart state={log.state()} now={end} />);
    expect(screen.getByText(/2883 readings charted/)).toBeTruthy();
    await waitFor(() => expect(spo2().getAttribute('d')).not.toBe(before));
    // The axes keep their elements.
    expect(container.querySelector('.recharts-cartesian-axis-tick')).toBe(tick);
  });
});
