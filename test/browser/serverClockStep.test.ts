import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createClock } from '../../server/clock';
import { screenshot } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession } from '../support/server';

const HOUR = 3_600_000;

/**
 * The server machine's clock is set back an hour (injected into the server's clock, not the
 * system's): the prescriber's and admin's screens show the technical alarm, the nurse's does
 * not, and the session page's times stay right.
 */
describe('a step of the server clock as people see it (Chromium)', () => {
  let stepMs = 0;
  const clock = createClock(1, 0, { mono: () => performance.now(), wall: () => Date.now() + stepMs });
  const app = useChromiumAndServer({}, clock);

  it('admins and prescribers see "server clock changed by 60 minutes"; nurses do not; nobody has to reload', async () => {
    const sessionId = await openTestSession(app.vigil, 'room-1');
    const pages = new Map<string, Awaited<ReturnType<Browser['newPage']>>>();
    for (const role of ['prescriber', 'admin', 'nurse']) {
      const page = await app.signedInPage(role, { viewport: { width: 1280, height: 900 } });
      await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
      await page.getByTestId('connection').waitFor();
      await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Live');
      pages.set(role, page);
    }
    stepMs = -HOUR;
    // The alarm timer reads the clock every second: the step is seen and pushed to the screens.
    for (const role of ['prescriber', 'admin']) {
      const banner = pages.get(role)!.getByTestId('server-clock-banner');
      await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toMatch(/the server's clock changed by 60 minutes \(back\)/);
    }
    await screenshot(pages.get('prescriber')!, 'server-clock-step-prescriber');
    expect(await pages.get('nurse')!.getByTestId('server-clock-banner').count()).toBe(0);
    // The clinical clock did not follow the step.
    expect(Math.abs(app.vigil.clock.now() - Date.now())).toBeLessThan(60_000);
    for (const page of pages.values()) await page.close();
  }, 90_000);
});
