import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Vigil } from '../../server/app';
import { CLIENT_DIR, enterVitals, launchChromium, screenshot, signInAs } from '../support/browser';
import { connectClient, openTestSession, request, signIn, startTestServer, TEST_PASSWORD, tempDataDir } from '../support/server';

/**
 * The bedside keeps working while the server is away: entries wait in IndexedDB marked "not yet
 * sent", survive a closed tab, and are stored exactly once when the server is back. A refused
 * entry is shown to its author with the reason.
 */
describe('offline bedside entry (Chromium)', () => {
  const dataDir = tempDataDir();
  let vigil: Vigil;
  let browser: Browser;
  let port: number;

  async function restart() {
    vigil = await startTestServer({ clientDir: CLIENT_DIR, dataDir, port });
  }

  const enter = (page: Page, systolic: number) =>
    enterVitals(page, { systolic, diastolic: 84, heartRate: 77, spo2: 97, respiratoryRate: 15 });

  /** A nurse's page live on the session, then the server goes away: the page says it is reconnecting. */
  async function nurseOnSessionThenServerDown(sessionId: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    await page.getByRole('textbox', { name: /^Systolic/ }).waitFor();
    await vigil.close();
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Reconnecting');
    return { context, page };
  }

  const storedSystolics = async (sessionId: string) => {
    const rows = await vigil.store.db
      .selectFrom('session_events')
      .select('payload_json')
      .where('session_id', '=', sessionId)
      .where('type', '=', 'vitals.recorded')
      .execute();
    return rows.map((row) => (JSON.parse(row.payload_json) as { vitals: { systolicMmHg: number } }).vitals.systolicMmHg).sort();
  };

  beforeAll(async () => {
    vigil = await startTestServer({ clientDir: CLIENT_DIR, dataDir });
    port = vigil.port;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await vigil?.close();
  });

  it('queues entries while the server is down, keeps them through a closed tab, and stores each exactly once', async () => {
    const sessionId = await openTestSession(vigil, 'room-1');
    const { context, page } = await nurseOnSessionThenServerDown(sessionId);
    await enter(page, 131);
    await enter(page, 132);
    await expect.poll(() => page.getByTestId('pending-reading').count()).toBe(2);
    expect(await page.getByTestId('pending-reading').first().textContent()).toContain('Not yet sent');
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('2 entries waiting');
    await screenshot(page, 'offline-entries-waiting');

    // The tab is closed while still offline; a new one opens after the server is back.
    await page.close();
    await restart();
    const reopened = await context.newPage();
    await reopened.goto(`${vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => reopened.getByTestId('reading').count(), { timeout: 10_000 }).toBe(2);
    expect(await reopened.getByTestId('pending-reading').count()).toBe(0);
    expect(await storedSystolics(sessionId)).toEqual([131, 132]);

    // A reload sends nothing twice: the device's outbox no longer holds the stored entries.
    await expect.poll(() => outboxEntries(reopened), { timeout: 10_000 }).toBe(0);
    await reopened.reload();
    await expect.poll(() => reopened.getByTestId('connection').textContent()).toContain('Live');
    await expect.poll(() => reopened.getByTestId('reading').count(), { timeout: 10_000 }).toBe(2);
    expect(await outboxEntries(reopened)).toBe(0);
    expect(await storedSystolics(sessionId)).toEqual([131, 132]);
    await context.close();
  });

  it('shows an entry the server refused on arrival, with the reason and a way to re-enter or discard it', async () => {
    const sessionId = await openTestSession(vigil, 'room-2');
    const { context, page } = await nurseOnSessionThenServerDown(sessionId);
    await enter(page, 144);

    // Meanwhile the session was ended early from another screen, before this tablet is back on
    // the network (otherwise its entry may arrive first and be stored, which is right but not
    // what this test is about).
    await context.setOffline(true);
    await restart();
    const prescriber = await connectClient(vigil.url, await signIn(vigil, 'prescriber'));
    const ended = await request(prescriber, 'session.endEarly', { commandId: randomUUID(), sessionId, reason: 'Patient asked to stop' });
    expect(ended.ok).toBe(true);
    prescriber.disconnect();
    expect(await page.getByTestId('connection').textContent()).not.toContain('Live');
    await context.setOffline(false);

    const refused = page.getByTestId('pending-reading');
    await expect.poll(() => refused.textContent(), { timeout: 15_000 }).toContain('Refused');
    expect(await refused.textContent()).toMatch(/closed|ended/i);
    await screenshot(page, 'offline-entry-refused');
    expect(await storedSystolics(sessionId)).toEqual([]);
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.getByTestId('pending-reading').count()).toBe(0);
    await context.close();
  });
});

/** How many entries the page's durable outbox (client/src/outbox/storage.ts) still holds. */
function outboxEntries(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('vigil-outbox');
        opening.onupgradeneeded = () => opening.transaction?.abort();
        opening.onerror = () => reject(new Error('the outbox database does not exist'));
        opening.onsuccess = () => {
          const counting = opening.result.transaction('entries', 'readonly').objectStore('entries').count();
          counting.onerror = () => reject(counting.error ?? new Error('count failed'));
          counting.onsuccess = () => resolve(counting.result);
        };
      }),
  );
}
