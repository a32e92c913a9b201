import { describe, expect, it } from 'vitest';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession } from '../support/server';

/**
 * The session's protocol (its checklist, checks and limits) comes by its own request. A request
 * that fails while the page stays connected is asked again: the panels never wait for good.
 */
describe('a session page whose protocol request failed (Chromium)', () => {
  const app = useChromiumAndServer();

  it('asks again while connected, and the lifecycle panels appear', async () => {
    const sessionId = await openTestSession(app.vigil, 'room-1');
    const page = await app.signedInPage('nurse', { viewport: { width: 1280, height: 900 } });
    let refused = 0;
    let answered = 0;
    await page.route('**/api/sessions/*/protocol', async (route) => {
      if (refused < 2) {
        refused += 1;
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: '{"ok":false,"error":{"code":"store_unavailable","message":"Busy"}}',
        });
      }
      answered += 1;
      return route.continue();
    });
    await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toContain('Live');
    await expect.poll(() => refused, { timeout: 20_000 }).toBe(2);
    // Still connected the whole time: only asking again can bring the protocol.
    expect(await page.getByTestId('connection').textContent()).toContain('Live');
    await expect.poll(() => page.getByRole('list', { name: 'Pre-dose checklist' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText("Loading the session's protocol").count()).toBe(0);
    expect(answered).toBe(1);
  });
});
