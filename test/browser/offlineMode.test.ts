import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enterVitals, ROOT, screenshot, signInAs } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';

const REPORT = path.join(ROOT, 'test-results/offline-replay.json');
import { openTestSession, TEST_PASSWORD } from '../support/server';

/**
 * Issue 7's proof: the page goes offline (Playwright's offline mode), the nurse records 10
 * readings, reloads while still offline, then the network comes back: exactly 10 readings
 * arrive, each once, and a second page shows them.
 */
describe('offline mode in Chromium', () => {
  const app = useChromiumAndServer();

  const enter = (page: Page, systolic: number) =>
    enterVitals(page, { systolic, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 });

  it('10 readings recorded offline, through a reload, arrive exactly once when the network returns', async () => {
    const sessionId = await openTestSession(app.vigil, 'room-1');
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const workerLog: string[] = [];
    context.on('serviceworker', (worker) => worker.on('console', (message) => workerLog.push(message.text())));
    const page = await context.newPage();
    await signInAs(page, app.vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await page.getByRole('textbox', { name: /^Systolic/ }).waitFor();
    // The service worker keeps the app shell; wait until it controls the page (bounded, so a worker
    // that never installs fails here by name instead of hanging the test).
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000, polling: 100 })
      .catch(async (error: unknown) => {
        throw new Error(
          `The service worker never controlled the page: ${JSON.stringify(await workerState(page))}; its log: ${JSON.stringify(workerLog)}`,
          {
            cause: error,
          },
        );
      });
    // The offline copy of the session, with its protocol, is written within a second or so.
    await expect.poll(() => offlineCopyHoldsProtocol(page, sessionId), { timeout: 10_000 }).toBe(true);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Offline');
    for (let i = 0; i < 10; i += 1) await enter(page, 121 + i);
    await expect.poll(() => page.getByTestId('pending-reading').count()).toBe(10);
    // Queued is never called saved.
    expect(await page.locator('form.entry-panel .entry-status').textContent()).toBe(
      'Vital set queued — it will send when the connection allows (10 not yet stored).',
    );

    await page.reload();
    await page.getByRole('textbox', { name: /^Systolic/ }).waitFor();
    await expect.poll(() => page.getByTestId('pending-reading').count()).toBe(10);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('10 entries waiting');
    await screenshot(page, 'offline-mode-10-waiting');
    const storedWhileOffline = await app.vigil.store.db
      .selectFrom('session_events')
      .select('seq')
      .where('session_id', '=', sessionId)
      .where('type', '=', 'vitals.recorded')
      .execute();
    expect(storedWhileOffline).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('reading').count(), { timeout: 15_000 }).toBe(10);
    await expect.poll(() => page.getByTestId('pending-reading').count()).toBe(0);
    // The page reloaded offline recovers everything once the network is back, without a manual reload.
    await expect.poll(() => page.getByText("Loading the session's protocol").count()).toBe(0);
    await expect.poll(() => page.getByRole('list', { name: 'Pre-dose checklist' }).count()).toBe(1);

    const rows = await app.vigil.store.db
      .selectFrom('session_events')
      .select(['payload_json', 'command_id'])
      .where('session_id', '=', sessionId)
      .where('type', '=', 'vitals.recorded')
      .execute();
    const systolics = rows.map((row) => (JSON.parse(row.payload_json) as { vitals: { systolicMmHg: number } }).vitals.systolicMmHg);
    const expected = [121, 122, 123, 124, 125, 126, 127, 128, 129, 130];
    const distinct = new Set(rows.map((row) => row.command_id)).size;
    fs.mkdirSync(path.dirname(REPORT), { recursive: true });
    fs.writeFileSync(
      REPORT,
      JSON.stringify({
        finishedAt: new Date().toISOString(),
        entriesRecordedOffline: expected.length,
        storedOnce: distinct,
        duplicates: rows.length - distinct,
        missing: expected.filter((value) => !systolics.includes(value)).length,
      }),
    );
    expect(systolics.sort((a, b) => a - b)).toEqual(expected);
    expect(distinct).toBe(10);

    const second = await app.signedInPage('prescriber');
    await second.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => second.getByTestId('reading').count()).toBe(10);
    await context.close();
  });

  it('an asset the network fails while the worker installs costs only that asset, kept at the next page load', async () => {
    const sessionId = await openTestSession(app.vigil, 'room-2');
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // The audit page's script: a chunk the nurse's page never loads itself, fetched by the worker alone.
    const auditChunk = /\/assets\/AuditPage-[^/]+\.js$/;
    let refused = 0;
    await context.route(auditChunk, (route) => {
      refused += 1;
      return route.abort('connectionreset');
    });
    const page = await context.newPage();
    await signInAs(page, app.vigil.url, 'nurse', TEST_PASSWORD);
    await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await page.getByRole('textbox', { name: /^Systolic/ }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000, polling: 100 });
    expect(refused).toBeGreaterThan(0);
    expect(await keptAssets(page, 'AuditPage-')).toBe(0);
    expect(await keptAssets(page, 'SeriesTable-')).toBe(1);

    await context.unroute(auditChunk);
    await page.reload();
    await expect.poll(() => keptAssets(page, 'AuditPage-')).toBe(1);
    await context.close();
  });
});

/** How many of the worker's kept assets have names starting with `prefix`. */
function keptAssets(page: Page, prefix: string): Promise<number> {
  return page.evaluate(async (start) => {
    const keys = await (await caches.open('vigil-shell-v1')).keys();
    return keys.filter((request) => new URL(request.url).pathname.startsWith(`/assets/${start}`)).length;
  }, prefix);
}

/** Whether the page's IndexedDB copy of the session (see client/src/session/store/sessionCache.ts) holds its protocol. */
function offlineCopyHoldsProtocol(page: Page, sessionId: string): Promise<boolean> {
  return page.evaluate(
    (id) =>
      new Promise<boolean>((resolve) => {
        const opening = indexedDB.open('vigil-cache');
        // Not created yet: abort rather than create an empty database the app would then have to upgrade.
        opening.onupgradeneeded = () => opening.transaction?.abort();
        opening.onerror = () => resolve(false);
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('sessions')) return resolve(false);
          const reading = db.transaction('sessions', 'readonly').objectStore('sessions').get(id);
          reading.onerror = () => resolve(false);
          reading.onsuccess = () => resolve(Boolean((reading.result as { protocol?: unknown } | undefined)?.protocol));
        };
      }),
    sessionId,
  );
}

/** What the page knows of its service worker: the registration's workers and how much of the shell is kept. */
function workerState(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const keys = (await caches.keys()).map(async (name) => [name, (await (await caches.open(name)).keys()).length] as const);
    return {
      registered: registration !== undefined,
      installing: registration?.installing?.state ?? null,
      waiting: registration?.waiting?.state ?? null,
      active: registration?.active?.state ?? null,
      caches: Object.fromEntries(await Promise.all(keys)),
    };
  });
}
