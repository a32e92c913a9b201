import { describe, expect, it } from 'vitest';
import { enterVitals, goToPage, poll, screenshot, signInAs } from '../support/browser';
import { openTestSession, TEST_PASSWORD } from '../support/server';
import { useChromiumAndServer } from './support/chromiumAndServer';

/**
 * A part of the session page whose code cannot be fetched (the clinic's Wi-Fi drops, or a new
 * build replaced the file) is said so in its place with "Try again"; the rest of the page keeps
 * working, and Try again loads the part without reloading the page.
 */
describe('a part of the session page that does not load (Chromium)', () => {
  const app = useChromiumAndServer();

  it("the session's steps fail to load: the message says so in their place, a reading is still recorded, and Try again brings them without a reload", async () => {
    const sessionId = await openTestSession(app.vigil, 'room-1');
    // No service worker in this context: the worker fetches every built file when it installs and
    // then answers from its cache, so a file blocked only for the page would still arrive from
    // the worker's copy (and one blocked for the worker too would be missing from its cache
    // later). Without it, each of the page's fetches goes over this context's network, where the
    // route below decides.
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: 'block' });
    let panelsReachable = false;
    // Imports of the file (not the boundary's own fetch of it, which asks the server what became of it).
    let panelsImports = 0;
    await context.route(/\/assets\/LifecyclePanels-[^/]+\.js$/, async (route) => {
      if (route.request().resourceType() === 'script') panelsImports += 1;
      if (panelsReachable) await route.continue();
      else await route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await signInAs(page, app.vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    // Marks this page: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { samePageMark: true }));

    const failure = page.getByTestId('part-failure');
    await poll(() => failure.count()).toBe(1);
    expect(await failure.getAttribute('role')).toBe('alert');
    expect(await failure.getByRole('heading').textContent()).toContain(
      "The session's steps (pre-dose, dose, observation, discharge) did not load",
    );
    expect(await failure.textContent()).toContain('vitals entry, the alarms, the readings and the connection still work');
    // The page asks the server for the file itself: it cannot be reached either.
    await poll(() => failure.textContent()).toContain('The server could not be reached for it just now');
    expect(await failure.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    expect(errors.some((text) => text.includes("The session's steps (pre-dose, dose, observation, discharge) could not be shown"))).toBe(
      true,
    );
    await failure.scrollIntoViewIfNeeded();
    await screenshot(page, 'part-failure-lifecycle');

    // The rest of the page works: a reading is recorded and stored, the connection is live.
    await enterVitals(page, { systolic: 131, diastolic: 84, heartRate: 77, spo2: 97, respiratoryRate: 15 });
    await poll(() => page.getByTestId('latest-vitals').textContent()).toContain('131/84');
    await poll(() => page.getByTestId('pending-reading').count()).toBe(0);
    expect(await page.getByTestId('connection').textContent()).toContain('Live');

    // Still unreachable: Try again says so again.
    const importsBefore = panelsImports;
    await failure.getByRole('button', { name: 'Try again' }).click();
    await poll(() => failure.getByRole('heading').textContent()).toContain('did not load again (tried once)');
    expect(panelsImports).toBeGreaterThan(importsBefore);

    // A half-typed entry, then the network is back: Try again shows the steps, on the same page.
    const systolic = page.getByRole('textbox', { name: /^Systolic/ });
    await systolic.fill('140');
    panelsReachable = true;
    await failure.getByRole('button', { name: 'Try again' }).click();
    await poll(() => page.locator('.lifecycle-panels').count()).toBe(1);
    expect(await failure.count()).toBe(0);
    expect(await systolic.inputValue()).toBe('140');
    expect(await page.evaluate(() => 'samePageMark' in window)).toBe(true);
    expect(await page.getByTestId('connection').textContent()).toContain('Live');
    await context.close();
  });
  it('a page that does not load says so in the main area under the top bar, which still opens another page', async () => {
    // No service worker, as above: the page's own fetch meets the route.
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    await context.route(/\/assets\/SessionsPage-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signInAs(page, app.vigil.url, 'nurse', TEST_PASSWORD);
    await goToPage(page, 'Sessions');

    const failure = page.locator('#main').getByTestId('part-failure');
    await poll(() => failure.count()).toBe(1);
    expect(await failure.getByRole('heading').textContent()).toContain('This page did not load');
    expect(await failure.textContent()).toContain('The top bar above still works');
    expect(await page.locator('.topbar').isVisible()).toBe(true);

    await goToPage(page, 'Clinic');
    await poll(() => page.getByRole('heading', { name: 'Clinic', level: 1 }).count()).toBe(1);
    expect(await page.getByTestId('part-failure').count()).toBe(0);
    await context.close();
  });
});
