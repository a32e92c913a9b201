import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { insertRoom } from '../../server/store/rooms';
import { ROOT, signInAs } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openWallDisplay, TEST_PASSWORD } from '../support/server';
import { settableClock } from '../support/settableClock';
import { clientPool, dosedSession, eventually, MINUTE_MS, send, stored, WITHIN_ADVISORY } from '../server/lifecycle/lifecycleClients';

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core in Chromium on every page each role can open, in every state a screen is seen in
 * (calm, alarms open, offline, a closed record, the top bar's menu open), in the dark and the
 * light theme: no serious or critical violation anywhere. A failure lists each rule, its help
 * and the elements it found.
 */
describe('axe-core: no serious or critical violations on any page, role, state or theme (Chromium)', () => {
  const app = useChromiumAndServer({}, settableClock());
  const pool = clientPool(() => app.vigil);
  const ids = { calm: '', alarms: '', closed: '' };

  beforeAll(async () => {
    await insertRoom(app.vigil.store.db, { roomId: 'room-3', name: 'Room 3', sortOrder: 3 });
    const staff = {
      nurse: await pool.client('nurse'),
      prescriber: await pool.client('prescriber'),
      therapist: await pool.client('therapist'),
    };
    const now = Date.now();
    // A closed record: dosed, observed, then left against advice with its reason.
    ids.closed = (await dosedSession(staff, now - 30 * MINUTE_MS, 'room-3', 'spravato-56', app.vigil.clock)).sessionId;
    stored(await send(staff.nurse, 'vitals.record', { sessionId: ids.closed, observedAt: now - 20 * MINUTE_MS, vitals: WITHIN_ADVISORY }));
    stored(
      await send(staff.nurse, 'session.discharge', {
        sessionId: ids.closed,
        disposition: 'against_advice',
        dispositionReason: 'Patient asked to stop; left with partner, advised to stay',
      }),
    );
    // Calm: dosed 20 minutes ago, readings within limits, a therapist's observation.
    ids.calm = (await dosedSession(staff, now - 20 * MINUTE_MS, 'room-1', 'spravato-56', app.vigil.clock)).sessionId;
    for (const minutes of [15, 10, 5]) {
      stored(
        await send(staff.nurse, 'vitals.record', { sessionId: ids.calm, observedAt: now - minutes * MINUTE_MS, vitals: WITHIN_ADVISORY }),
      );
    }
    stored(
      await send(staff.therapist, 'observation.record', {
        sessionId: ids.calm,
        observedAt: now - 4 * MINUTE_MS,
        observation: { kind: 'moaas', score: 4 },
      }),
    );
    // Alarms open: an SpO2 of 86 raises a high alarm.
    ids.alarms = (await dosedSession(staff, now - 10 * MINUTE_MS, 'room-2', 'spravato-56', app.vigil.clock)).sessionId;
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId: ids.alarms,
        observedAt: now - MINUTE_MS,
        vitals: { ...WITHIN_ADVISORY, spo2Percent: 86 },
      }),
    );
    await eventually(async () => ((await app.vigil.sessions.getState(ids.alarms))?.alarms.length ?? 0) > 0, 10_000);
  });

  afterAll(async () => {
    pool.closeAll();
  });

  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

  async function screen(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    // The page's CSP allows only its own scripts: axe is injected by the test, so CSP is bypassed here only.
    const context = await app.browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  /** The page has drawn what it waits for: no "Loading…" left in the main area. */
  async function settled(page: Page, live = true) {
    if (live) await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    await expect
      .poll(() => page.evaluate(() => /Loading/.test(document.querySelector('main')?.textContent ?? 'Loading')), {
        timeout: 15_000,
        message: `${page.url()} still loading`,
      })
      .toBe(false);
  }

  /** Runs axe in both themes; returns "<state> (<theme>): rule (impact) — help: targets" lines. */
  async function audit(page: Page, state: string): Promise<string[]> {
    const found: string[] = [];
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      if ((await page.evaluate(() => typeof (window as { axe?: unknown }).axe)) === 'undefined') await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations;
      })) as Violation[];
      for (const violation of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
        found.push(`${state} (${colorScheme}): ${violation.id} (${violation.impact}) — ${violation.help}: ${targets}`);
      }
    }
    return found;
  }

  async function visit(page: Page, url: string, label: string, live = true): Promise<string[]> {
    await page.goto(`${app.vigil.url}${url}`);
    await settled(page, live);
    return audit(page, label);
  }

  it('the sign-in page', async () => {
    const { context, page } = await screen();
    await page.goto(`${app.vigil.url}/login`);
    await poll(() => page.getByLabel(/username/i).count()).toBe(1);
    expect(await audit(page, 'sign-in')).toEqual([]);
    await context.close();
  });

  it('the wall display, with an alarm open and offline', async () => {
    const { key } = await openWallDisplay(app.vigil);
    const { context, page } = await screen({ width: 1920, height: 1080 });
    await page.goto(`${app.vigil.url}/wall#key=${key}`);
    await poll(() => page.getByTestId('wall-alarm').count()).toBeGreaterThan(0);
    await poll(() => page.getByTestId('wall-connection').textContent()).toMatch(/Live/);
    const found = await audit(page, 'wall: alarms open');
    await context.setOffline(true);
    await poll(() => page.getByTestId('wall-connection').textContent()).toMatch(/Not live/);
    found.push(...(await audit(page, 'wall: offline')));
    expect(found).toEqual([]);
    await context.close();
  });

  for (const role of ['nurse', 'therapist', 'prescriber', 'admin'] as const) {
    it(`every page the ${role} opens, calm, with alarms, offline and closed, in both themes`, async () => {
      const { context, page } = await screen();
      await signInAs(page, app.vigil.url, role, TEST_PASSWORD);
      const found: string[] = [];
      // The admin runs the clinic and sees no patient's record (policy: session.view).
      const sessionPages: [string, string][] = [
        ['/sessions', 'sessions'],
        [`/sessions/${ids.calm}`, 'session, calm'],
        [`/sessions/${ids.alarms}`, 'session, alarms open'],
        [`/sessions/${ids.closed}`, 'session, closed record'],
        [`/sessions/${ids.closed}/report`, 'report'],
        [`/sessions/${ids.closed}/rems`, 'REMS form'],
      ];
      const adminPages: [string, string][] = [
        ['/devices', 'devices'],
        ['/protocols', 'protocols'],
        ['/protocols/spravato-56', 'protocol'],
        ['/users', 'people'],
        ['/rooms', 'rooms'],
        ['/audit', 'audit'],
      ];
      const pages: [string, string][] = [
        ['/', 'clinic'],
        ['/board', 'board (alarms open)'],
        ['/account', 'password'],
        ...(role === 'admin' ? adminPages : sessionPages),
      ];
      for (const [url, label] of pages) found.push(...(await visit(page, url, `${role}: ${label}`)));

      // The top bar's menu, open (a tablet's width).
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.goto(`${app.vigil.url}${role === 'admin' ? '/' : `/sessions/${ids.calm}`}`);
      await settled(page);
      await page.getByRole('button', { name: /Menu/ }).click();
      await poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
      found.push(...(await audit(page, `${role}: tablet, menu open`)));

      // Offline: the badge says so and entries wait.
      await context.setOffline(true);
      await poll(() => page.getByTestId('connection').textContent()).not.toContain('Live');
      found.push(...(await audit(page, `${role}: ${role === 'admin' ? 'clinic' : 'session'}, offline`)));
      await context.setOffline(false);

      expect(found).toEqual([]);
      await context.close();
    });
  }
});
