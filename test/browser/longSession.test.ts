import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Vigil } from '../../server/app';
import { CLIENT_DIR, launchChromium, screenshot, signInAs } from '../support/browser';
import { recordVitals } from '../../server/commands/recordVitals';
import { BEDSIDE_MONITOR, monitorVitals, startWithMonitoredSession } from '../support/longSession';
import { TEST_PASSWORD } from '../support/server';

describe('a long monitored session on a tablet (Chromium)', () => {
  let vigil: Vigil;
  let sessionId: string;
  let browser: Browser;
  const READINGS = 3_600;

  beforeAll(async () => {
    ({ vigil, sessionId } = await startWithMonitoredSession(READINGS, { clientDir: CLIENT_DIR }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await vigil?.close();
  });

  it('an hour of once-a-second readings: the chart is drawn as lines, the list summarises each 5 minutes and opens on request', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 1366 } })).newPage();
    await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${vigil.url}/sessions/${sessionId}`);

    await expect.poll(() => page.locator('.chart figcaption').textContent(), { timeout: 30_000 }).toContain(`${READINGS} readings charted`);
    const lines = page.locator('path.chart-line');
    await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(4);
    // Lines only: device readings have no dots.
    expect(await page.locator('.recharts-line-dots > *').count()).toBe(0);

    // 3,600 readings in 5-minute summaries (12 or 13 depending on where the hour starts), not 3,600 rows.
    const intervals = page.getByTestId('reading-interval');
    await expect.poll(() => intervals.count()).toBeGreaterThanOrEqual(12);
    expect(await intervals.count()).toBeLessThanOrEqual(13);
    // An interval of 5 readings or fewer is listed reading by reading: only the hour's partial first
    // or last interval can be one, depending on where the hour starts.
    expect(await page.getByTestId('reading').count()).toBeLessThanOrEqual(5);
    expect(await intervals.first().textContent()).toMatch(/lowest–highest of \d+ readings/);

    // The span control.
    await page.getByRole('button', { name: 'Last 30 min' }).click();
    expect(await page.getByRole('button', { name: 'Last 30 min' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'long-session-tablet');

    // Opening an interval lists its readings.
    const second = intervals.nth(1);
    const edgeReadings = await page.getByTestId('reading').count();
    await second.getByRole('button', { name: /^Show the 300 readings/ }).click();
    // The 300 readings of the opened interval join the partial edge interval's, if any.
    await expect.poll(() => page.getByTestId('reading').count()).toBe(edgeReadings + 300);
    await screenshot(page, 'long-session-interval-open');

    // Half an hour back, the screen holds only each minute's extremes (the display snapshot):
    // the interval still says 300 and opening it loads all 300 from the server.
    const older = intervals.nth(6);
    expect(await older.textContent()).toContain('lowest–highest of 300 readings');
    await older.getByRole('button', { name: /^Show the 300 readings/ }).click();
    await expect.poll(() => page.getByTestId('reading').count()).toBe(edgeReadings + 600);
  });

  it('a one-second desaturation among 3,600 readings reaches the bottom of the SpO2 line, arriving live or measured earlier', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 1366 } })).newPage();
    await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${vigil.url}/sessions/${sessionId}`);
    const spo2 = page.locator('path.chart-line[data-series="spo2Percent"]');
    await expect.poll(() => spo2.count(), { timeout: 30_000 }).toBe(1);
    /** The lowest point of the SpO2 line, as a value read off the right axis's 100 and 80 ticks. */
    const lowestSpo2 = () =>
      page.evaluate(() => {
        const path = document.querySelector('path.chart-line[data-series="spo2Percent"]')!;
        const ys = [...path.getAttribute('d')!.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((match) => Number(match[1]));
        const tickY = (label: string) => {
          // The right axis's tick (the left axis has a 100 too): the rightmost with this label.
          const text = [...document.querySelectorAll('.recharts-cartesian-axis-tick-value')]
            .filter((t) => t.textContent === label)
            .sort((a, b) => b.getBoundingClientRect().left - a.getBoundingClientRect().left)[0]!;
          const box = text.getBoundingClientRect();
          const svg = text.closest('svg')!.getBoundingClientRect();
          return box.top + box.height / 2 - svg.top;
        };
        const [y100, y80] = [tickY('100'), tickY('80')];
        return Math.round(100 - ((Math.max(...ys) - y100) / (y80 - y100)) * 20);
      });
    // The monitor's values stay at 96-99 % (test/support/longSession.ts).
    await expect.poll(lowestSpo2, { timeout: 30_000 }).toBeGreaterThanOrEqual(95);

    const ctx = { actor: BEDSIDE_MONITOR, user: null, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions, audit: null };
    const record = async (commandId: string, observedAt: number, spo2Percent: number) => {
      const stored = await recordVitals(ctx, { commandId, sessionId, observedAt, vitals: { ...monitorVitals(READINGS), spo2Percent } });
      expect(stored.ok).toBe(true);
    };
    // Live: a new reading appended to the chart's reduction.
    await record('dip-live', vigil.clock.now(), 86);
    await expect.poll(lowestSpo2).toBe(86);
    // Measured 20 minutes ago and sent late: inserted among the readings, the chart reduces again.
    await record('dip-late', vigil.clock.now() - 20 * 60_000 - 500, 83);
    await expect.poll(lowestSpo2).toBe(83);
    await expect.poll(() => page.locator('.chart figcaption').textContent()).toContain(`${READINGS + 2} readings charted`);
  });

  it('the built client arrives compressed, the chart code on demand', async () => {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    const encodings = new Map<string, string>();
    page.on('response', (response) => {
      // Files under 1 KiB are not worth compressing (scripts/viteAssets.ts): they come as they are.
      const size = Number(response.headers()['content-length'] ?? Number.POSITIVE_INFINITY);
      if (response.url().endsWith('.js') && !(response.headers()['content-encoding'] === undefined && size < 1_024)) {
        encodings.set(new URL(response.url()).pathname, response.headers()['content-encoding'] ?? 'identity');
      }
    });
    await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);
    await expect.poll(() => encodings.size).toBeGreaterThan(0);
    for (const encoding of encodings.values()) expect(encoding).toBe('br');
    expect([...encodings.keys()].some((file) => file.includes('ChartDrawing'))).toBe(false);
    await page.goto(`${vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => [...encodings.keys()].some((file) => file.includes('ChartDrawing'))).toBe(true);
  });
});
