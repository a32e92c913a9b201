import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { READINGS_PAGE_ROWS, ReadingsTable } from '../../../client/src/session/ReadingsTable';
import { clockTime, clockTimeWithSeconds } from '../../../client/src/format/time';
import type { Reading } from '../../../shared/session/state';
import { readingRows } from '../../../shared/session/readingIntervals';
import { MINUTE, monitorActor, nurseActor, reading } from '../devices/fixtures';
import { serverClockStore } from '../../../client/src/realtime/serverClock';

// 14:00 local on a day with no clock change, on a 5-minute boundary in every time zone with whole-quarter-hour offsets.
const T0 = Math.floor(Date.UTC(2026, 10, 23, 14, 0, 0) / (5 * MINUTE)) * 5 * MINUTE;

/** `minutes` of a monitor sending once a second from T0, with an SpO2 dip at 12:30 in, and nurse readings at 7 and 61 min. */
function monitored(minutes: number): Reading[] {
  const readings: Reading[] = [];
  for (let s = 0; s < minutes * 60; s += 1) {
    const dip = s >= 750 && s < 760;
    readings.push(
      reading(`d-${s}`, T0 + s * 1_000, monitorActor, {
        vitals: { systolicMmHg: 120 + (s % 10), diastolicMmHg: 80, heartRateBpm: 70 + (s % 5), spo2Percent: dip ? 86 : 97 },
      }),
    );
  }
  readings.push(
    reading('m-7', T0 + 7 * MINUTE + 500, nurseActor, {
      vitals: { systolicMmHg: 151, diastolicMmHg: 97, heartRateBpm: 90, spo2Percent: 96 },
    }),
  );
  readings.push(
    reading('m-61', T0 + 61 * MINUTE + 500, nurseActor, {
      vitals: { systolicMmHg: 139, diastolicMmHg: 88, heartRateBpm: 80, spo2Percent: 97 },
    }),
  );
  return readings.sort((a, b) => a.observedAt - b.observedAt);
}

describe('the readings list of a long monitored session', () => {
  it('summarises device readings per 5 minutes with lowest–highest, newest first, and shows every manual reading', () => {
    const readings = monitored(20);
    render(<ReadingsTable readings={readings} pending={[]} />);
    const intervals = screen.getAllByTestId('reading-interval');
    expect(intervals).toHaveLength(4);
    // Newest first: 14:15–14:20 at the top.
    expect(intervals[0]!.textContent).toContain(`${clockTime(T0 + 15 * MINUTE)}–${clockTime(T0 + 20 * MINUTE)}`);
    // 14:10–14:15 holds the dip: SpO2 86–97, never hidden by the summary.
    const withDip = intervals[1]!;
    expect(withDip.textContent).toContain('86–97');
    expect(withDip.textContent).toContain('120–129 / 80');
    expect(withDip.textContent).toContain('lowest–highest of 300 readings (300 unconfirmed)');
    // Manual readings keep their own rows; only they are rows before any interval is opened.
    const rows = screen.getAllByTestId('reading');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('139/88');
    expect(rows[1]!.textContent).toContain('151/97');
    expect(rows[1]!.textContent).toContain('manual');
    // The 14:07 reading sits between 14:05–14:10's summary (newer readings) and 14:00–14:05's.
    const order = [...document.querySelectorAll('[data-testid="reading"], [data-testid="reading-interval"]')];
    expect(order.indexOf(rows[1]!)).toBe(order.indexOf(intervals[2]!) + 1);
  });

  it('opens an interval to list its readings (with Confirm for each) and closes it again', () => {
    const readings = monitored(10);
    render(<ReadingsTable readings={readings} pending={[]} confirmAction={(r) => <button type="button">Confirm {r.readingId}</button>} />);
    const first = screen.getAllByTestId('reading-interval')[0]!;
    const open = within(first).getByRole('button', {
      name: `Show the 300 readings ${clockTime(T0 + 5 * MINUTE)}–${clockTime(T0 + 10 * MINUTE)}`,
    });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const rows = screen.getAllByTestId('reading').filter((row) => row.textContent?.includes('Bedside monitor 1'));
    expect(rows).toHaveLength(300);
    expect(within(rows[0]!).getByRole('button', { name: 'Confirm d-599' })).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: /^Hide the 300 readings/ }));
    expect(screen.queryAllByTestId('reading').filter((row) => row.textContent?.includes('Bedside monitor 1'))).toHaveLength(0);
  });

  it('pages a 4-hour session: a first page of rows, then older rows on request', () => {
    const readings = monitored(240);
    expect(readings).toHaveLength(14_402);
    render(<ReadingsTable readings={readings} pending={[]} />);
    const total = readingRows(readings).length;
    expect(total).toBe(48 + 2);
    const shown = () => screen.getAllByTestId('reading-interval').length + screen.getAllByTestId('reading').length;
    expect(shown()).toBe(READINGS_PAGE_ROWS);
    fireEvent.click(screen.getByRole('button', { name: `Show older readings (${total - READINGS_PAGE_ROWS} more rows)` }));
    expect(shown()).toBe(total);
    expect(screen.queryByRole('button', { name: /Show older readings/ })).toBeNull();
    // The oldest manual reading is on the second page.
    expect(screen.getAllByTestId('reading').some((row) => row.textContent?.includes('151/97'))).toBe(true);
  });

  it('a slow monitor (a reading every few minutes) keeps one row per reading, as before', () => {
    const readings = [0, 3, 6, 9].map((m) => reading(`slow-${m}`, T0 + m * MINUTE, monitorActor));
    render(<ReadingsTable readings={readings} pending={[]} />);
    expect(screen.queryAllByTestId('reading-interval')).toHaveLength(0);
    expect(screen.getAllByTestId('reading')).toHaveLength(4);
  });

  it('artifact readings are counted but left out of the lowest–highest', () => {
    const readings = monitored(5).map((r) =>
      r.readingId === 'd-10'
        ? {
            ...r,
            vitals: { ...r.vitals, heartRateBpm: 190 },
            artifact: { reason: 'cuff moved', markedBy: nurseActor, markedAt: T0 + MINUTE },
          }
        : r,
    );
    render(<ReadingsTable readings={readings} pending={[]} />);
    const summary = screen.getByTestId('reading-interval');
    expect(summary.textContent).toContain('70–74');
    expect(summary.textContent).not.toContain('190');
    expect(summary.textContent).toContain('299 unconfirmed, 1 artifact');
  });

  it("a long session's thinned intervals say what they really hold and load their readings when opened", async () => {
    // As the server sends a long session (shared/session/displaySnapshot.ts): 14:00–14:05 thinned to 4 of its 300 readings.
    const all = monitored(10).filter((r) => r.recordedBy.kind === 'device');
    const sent = all.filter((r, i) => i >= 300 || [0, 12, 750 % 300, 299].includes(i));
    const thinning = {
      totalReadings: 600,
      sentReadings: sent.length,
      intervals: [{ from: T0, readings: 300, unconfirmed: 299, artifacts: 1 }],
    };
    let answer: (readings: Reading[] | null) => void = () => undefined;
    const loadInterval = vi.fn(() => new Promise<Reading[] | null>((resolve) => (answer = resolve)));
    render(<ReadingsTable readings={sent} pending={[]} thinning={thinning} loadInterval={loadInterval} />);
    const oldest = screen.getAllByTestId('reading-interval')[1]!;
    expect(oldest.textContent).toContain('lowest–highest of 300 readings (299 unconfirmed, 1 artifact)');
    const span = `${clockTime(T0)}–${clockTime(T0 + 5 * MINUTE)}`;

    fireEvent.click(within(oldest).getByRole('button', { name: `Show the 300 readings ${span}` }));
    expect(loadInterval).toHaveBeenCalledWith(T0, T0 + 5 * MINUTE);
    expect(screen.getByRole('status').textContent).toBe('Loading the 300 readings…');
    answer(all.slice(0, 300));
    const device = () => screen.queryAllByTestId('reading').filter((row) => row.textContent?.includes('Bedside monitor 1'));
    await waitFor(() => expect(device()).toHaveLength(300));
    // Newest first, as everywhere in the list.
    expect(device()[0]!.textContent).toContain(clockTimeWithSeconds(all[299]!.observedAt));

    // Closed, then opened while the server cannot be reached: said plainly, nothing invented.
    fireEvent.click(within(oldest).getByRole('button', { name: `Hide the 300 readings ${span}` }));
    expect(device()).toHaveLength(0);
    fireEvent.click(within(oldest).getByRole('button', { name: `Show the 300 readings ${span}` }));
    expect(loadInterval).toHaveBeenCalledTimes(2);
    answer(null);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not be loaded (not connected)'));
    expect(device()).toHaveLength(0);
  });

  it('a new reading or a tick of the page draws only the rows that changed', () => {
    const slow = [0, 3, 6].map((m) => reading(`slow-${m}`, T0 + m * MINUTE, monitorActor));
    const drawn: string[] = [];
    const artifactAction = (r: Reading) => {
      drawn.push(r.readingId);
      return <button type="button">Mark {r.readingId}</button>;
    };
    const { rerender } = render(<ReadingsTable readings={slow} pending={[]} artifactAction={artifactAction} />);
    expect(drawn.sort()).toEqual(['slow-0', 'slow-3', 'slow-6']);
    drawn.length = 0;
    // The page's clock ticks: the same readings (a new, empty pending list) draw no row again.
    rerender(<ReadingsTable readings={slow} pending={[]} artifactAction={artifactAction} />);
    expect(drawn).toEqual([]);
    const more = [...slow, reading('slow-9', T0 + 9 * MINUTE, monitorActor)];
    rerender(<ReadingsTable readings={more} pending={[]} artifactAction={artifactAction} />);
    expect(drawn).toEqual(['slow-9']);
    expect(screen.getAllByTestId('reading')).toHaveLength(4);
  });

  it('redraws every time shown when the clinic day changes or the server says the clinic zone', () => {
    const sync = (serverAt: number, timeZone: string) =>
      serverClockStore.setState({ clockRate: 1, syncedAtClient: Date.now(), serverAtSync: serverAt, timeZone });
    sync(T0 + 60 * MINUTE, 'UTC');
    const slow = [0, 3].map((m) => reading(`slow-${m}`, T0 + m * MINUTE, monitorActor));
    const { rerender } = render(<ReadingsTable readings={slow} pending={[]} />);
    const measured = () => screen.getAllByTestId('reading').map((row) => row.querySelector('td')!.textContent);
    expect(measured()).toEqual(['14:03', '14:00']);
    // The next day: yesterday's times carry their date.
    sync(T0 + 24 * 60 * MINUTE, 'UTC');
    rerender(<ReadingsTable readings={slow} pending={[]} />);
    expect(measured()).toEqual(['Mon 23 Nov 14:03', 'Mon 23 Nov 14:00']);
    // The server says the clinic is in Tokyo (UTC+9), where it is now 23:05 on the same day.
    sync(T0 + 5 * MINUTE, 'Asia/Tokyo');
    rerender(<ReadingsTable readings={slow} pending={[]} />);
    expect(measured()).toEqual(['23:03', '23:00']);
  });
});
