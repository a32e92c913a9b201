import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryAudit } from '../../server/store/auditQuery';
import { screenshot, signInAs, goToPage } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { TEST_PASSWORD } from '../support/server';

describe('clinic administration in the browser (Chromium)', () => {
  const app = useChromiumAndServer();

  /** Anything the Content-Security-Policy blocked, on any page of this test. */
  const blocked: string[] = [];
  async function newPage(): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    return page;
  }

  it('an admin adds a nurse; she signs in, chooses her password and works; the admin disables her and her open page is signed out; the audit page shows it all', async () => {
    const admin = await newPage();
    await signInAs(admin, app.vigil.url, 'admin', TEST_PASSWORD);
    await goToPage(admin, 'People');
    await admin.waitForURL((url) => url.pathname === '/users');

    // A weak first password is refused at its field; a good one adds her.
    const form = admin.getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Name', { exact: true }).fill('Ann Wright');
    await form.getByLabel('Username', { exact: true }).fill('ann');
    await form.getByLabel('Role').selectOption({ label: 'Nurse' });
    await form.getByLabel('First password').fill('1111111111');
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.locator('#new-person-password-error', { hasText: /one character repeated or a simple run/ }).waitFor();
    expect(await form.getByLabel('First password').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('First password').fill('lantern-orchard-47');
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.getByText('✓ Added Ann Wright.').waitFor();
    const annRow = admin.getByRole('listitem', { name: 'Ann Wright (ann)' });
    await annRow.getByText('Must choose a password').waitFor();

    // Ann signs in with the first password: nothing but "choose your password" until she has.
    const ann = await newPage();
    await signInAs(ann, app.vigil.url, 'ann', 'lantern-orchard-47');
    await ann.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await ann.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await ann.getByLabel('Current password').fill('lantern-orchard-47');
    await ann.getByLabel('New password', { exact: true }).fill('ann-password-1');
    await ann.getByLabel('New password again').fill('ann-password-1');
    await ann.getByRole('button', { name: 'Change password' }).click();
    await ann.locator('.field-error', { hasText: /must not contain your username or name/ }).waitFor();
    await ann.getByLabel('New password', { exact: true }).fill('quiet-harbour-lights');
    await ann.getByLabel('New password again').fill('quiet-harbour-lights');
    await screenshot(ann, 'admin-nurse-chooses-password');
    await ann.getByRole('button', { name: 'Change password' }).click();
    await ann.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => ann.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
    expect(await ann.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).count()).toBe(0);

    // The admin sees her sign-in, then disables her: her open page is signed out at once.
    await admin.reload();
    await annRow.getByText(/Signed in \d\d:\d\d from 127\.0\.0\.1/).waitFor();
    await screenshot(admin, 'admin-people');
    await annRow.getByRole('button', { name: 'Disable Ann Wright' }).click();
    await admin.getByText('✓ Ann Wright is disabled and signed out everywhere.').waitFor();
    await ann.getByText('Your sign-in has ended — please sign in again.').waitFor({ timeout: 10_000 });
    expect(new URL(ann.url()).pathname).toBe('/login');
    await screenshot(ann, 'admin-nurse-signed-out');
    // And she cannot sign in again.
    await ann.getByLabel(/username/i).fill('ann');
    await ann.getByLabel(/password/i).fill('quiet-harbour-lights');
    await ann.keyboard.press('Enter');
    await ann.getByText('Wrong username or password').waitFor();

    // The audit page: every step, who did it, from where; the chain checks out.
    await goToPage(admin, 'Audit');
    await admin.waitForURL((url) => url.pathname === '/audit');
    const filters = admin.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Person').selectOption({ label: 'Ann Wright (ann)' });
    await filters.getByRole('button', { name: 'Show' }).click();
    const table = admin.locator('.audit-table tbody');
    await expect
      .poll(async () => (await table.locator('tr td:nth-child(4)').allTextContents()).join(' '), { timeout: 10_000 })
      .toBe('auth.failed user.disable account.passwordChange auth.signIn user.create');
    await admin.getByRole('button', { name: 'Check the audit chain' }).click();
    await admin.getByText(/✓ Intact: \d+ rows, each linked to the one before\./).waitFor();
    expect(await admin.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toMatch(/^\/api\/audit\.csv\?userId=/);
    await screenshot(admin, 'admin-audit');
    const rows = await queryAudit(app.vigil.store.db, { action: 'user.disable' });
    expect(rows).toEqual([
      expect.objectContaining({ username: 'admin', remoteAddress: '127.0.0.1', detail: { username: 'ann', signInsEnded: 1 } }),
    ]);
    // The whole app ran under the strict policy without anything refused.
    expect(blocked).toEqual([]);
  }, 90_000);

  it('an admin adds a room and it appears on an open board at once, renamed too; retiring it is shown on the Rooms page', async () => {
    const board = await newPage();
    await signInAs(board, app.vigil.url, 'prescriber', TEST_PASSWORD);
    await board.goto(`${app.vigil.url}/board`);
    await expect.poll(() => board.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
    const admin = await newPage();
    await signInAs(admin, app.vigil.url, 'admin', TEST_PASSWORD);
    await goToPage(admin, 'Rooms');
    const add = admin.getByRole('form', { name: 'Add a room' });
    await add.getByLabel('Name', { exact: true }).fill('Garden room');
    await add.getByRole('button', { name: 'Add room' }).click();
    const garden = admin.getByRole('listitem', { name: 'Garden room' });
    await garden.waitFor();
    await board.getByRole('heading', { name: 'Garden room' }).waitFor({ timeout: 10_000 });
    await garden.getByLabel('Name').fill('Garden suite');
    await garden.getByRole('button', { name: 'Rename' }).click();
    await board.getByRole('heading', { name: 'Garden suite' }).waitFor({ timeout: 10_000 });
    await admin.getByRole('listitem', { name: 'Garden suite' }).getByRole('button', { name: 'Retire Garden suite' }).click();
    await admin.getByRole('listitem', { name: 'Garden suite' }).getByText('Retired').waitFor();
    await screenshot(admin, 'admin-rooms');
    expect(blocked).toEqual([]);
  }, 60_000);
});
