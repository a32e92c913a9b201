import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords';
import { insertUser } from '../../server/store/users';
import { poll, screenshot } from '../support/browser';
import { TEST_PASSWORD } from '../support/server';
import { useChromiumAndServer } from './support/chromiumAndServer';

/** Where the top bar's items sit: the spread of their vertical middles (one row: under 4 px). */
function barLayout(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('.topbar')!;
    const middles = [...bar.querySelectorAll(':scope > *, :scope > .topbar-menu > *')]
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.height > 0)
      .map((box) => (box.top + box.bottom) / 2);
    return { rowSpread: Math.max(...middles) - Math.min(...middles), barHeight: bar.getBoundingClientRect().height };
  });
}

/**
 * The top bar is one row on every screen: the pages are links in it where they fit beside the
 * alarms, the connection and the account, and go under "Menu" where they do not, whatever the
 * role's number of pages or the length of the person's name.
 */
describe('top bar (Chromium)', () => {
  const app = useChromiumAndServer();

  beforeAll(async () => {
    await insertUser(
      app.vigil.store.db,
      {
        userId: 'u-long-name',
        username: 'longname',
        displayName: 'Dr Maximiliana Featherstonehaugh-Wolfe',
        role: 'prescriber',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
      Date.now(),
    );
  });

  const pagesInBar = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).isVisible();

  it('a prescriber with a long name on a 1280 px laptop: one row, the pages under Menu; wider, the pages come back into the bar', async () => {
    const page = await app.screen('longname', 1280, 900);
    await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    expect((await barLayout(page)).rowSpread).toBeLessThan(4);
    expect(await pagesInBar(page)).toBe(false);
    await screenshot(page, 'top-bar-1280-long-name');

    // Menu opens the pages and the account; Escape closes it.
    await page.getByRole('button', { name: 'Menu' }).click();
    await poll(() => pagesInBar(page)).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => pagesInBar(page)).toBe(false);

    await page.setViewportSize({ width: 1920, height: 900 });
    await poll(() => pagesInBar(page)).toBe(true);
    expect((await barLayout(page)).rowSpread).toBeLessThan(4);
    await page.context().close();
  });

  it('an admin (nine pages) and a prescriber (five) at 1280 and 1920 px: always one row, the pages in the bar when they fit', async () => {
    const seen: Record<string, boolean> = {};
    for (const username of ['admin', 'prescriber']) {
      for (const width of [1280, 1920]) {
        const page = await app.screen(username, width, 900);
        await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
        const layout = await barLayout(page);
        expect(layout.rowSpread, `${username} at ${width} px`).toBeLessThan(4);
        expect(layout.barHeight, `${username} at ${width} px`).toBeLessThan(90);
        seen[`${username} ${width}`] = await pagesInBar(page);
        await page.context().close();
      }
    }
    // The widest screen keeps every page in the bar; the admin's nine pages do not fit at 1280.
    expect(seen).toMatchObject({ 'admin 1920': true, 'prescriber 1920': true, 'admin 1280': false });
  });
});
