import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Vigil } from '../../server/app';
import { CLIENT_DIR, launchChromium, screenshot, signInAs } from '../support/browser';
import { startTestServer, TEST_PASSWORD } from '../support/server';

/** A demo's passwords are published: every page, the sign-in page first, says "Demo". */
describe('the Demo banner in the browser (Chromium)', () => {
  let demo: Vigil;
  let clinic: Vigil;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startTestServer({ clientDir: CLIENT_DIR, demo: true });
    clinic = await startTestServer({ clientDir: CLIENT_DIR, demo: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await clinic?.close();
  });

  it("shows on the sign-in page and on every page after it; a clinic's own server shows none", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await page.goto(`${demo.url}/`);
    const banner = page.getByTestId('demo-banner');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Demo');
    await screenshot(page, 'demo-banner-sign-in');
    await signInAs(page, demo.url, 'admin', TEST_PASSWORD);
    for (const path of ['/', '/board', '/devices', '/protocols']) {
      await page.goto(`${demo.url}${path}`);
      await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(1);
      expect(await banner.textContent()).toContain('Not for real patients');
    }

    const real = await (await browser.newContext()).newPage();
    await signInAs(real, clinic.url, 'admin', TEST_PASSWORD);
    await expect.poll(() => real.getByRole('navigation', { name: 'Main' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await real.getByTestId('demo-banner').count()).toBe(0);
  }, 60_000);
});
