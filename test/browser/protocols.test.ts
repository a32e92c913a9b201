import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Protocol } from '../../shared/protocols/schema';
import { screenshot, goToPage } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';

const COPY_ID = 'clinic-spravato-56';
const COPY_NAME = 'Spravato 56 mg (our clinic)';

describe('protocols in the browser (Chromium)', () => {
  const app = useChromiumAndServer();

  async function openPage(username: string, viewport = { width: 1400, height: 1000 }): Promise<Page> {
    const page = await app.signedInPage(username, { viewport });
    page.setDefaultTimeout(10_000);
    return page;
  }

  /** The protocol a session runs with, read as the page's signed-in user reads it. */
  async function sessionProtocol(page: Page, sessionId: string): Promise<Protocol> {
    const response = await page.request.get(`${app.vigil.url}/api/sessions/${sessionId}/protocol`);
    const body = (await response.json()) as { ok: boolean; protocol: Protocol };
    expect(body.ok).toBe(true);
    return body.protocol;
  }

  const spo2High = (protocol: Protocol | null) => protocol?.alarmLimits.find((limit) => limit.id === 'spo2-high')?.value;

  it('a prescriber copies Spravato 56 and lowers its SpO2 limit; a session opened with the copy keeps its version after another edit', async () => {
    const admin = await openPage('prescriber');
    await goToPage(admin, 'Protocols');
    await admin.waitForURL((url) => url.pathname === '/protocols');
    await admin.getByRole('link', { name: 'Spravato 56 mg intranasal' }).click();
    await admin.waitForURL((url) => url.pathname === '/protocols/spravato-56');
    const detail = admin.getByTestId('protocol-detail');
    expect(await detail.getByTestId('protocol-limit').filter({ hasText: 'at or below 90 %' }).textContent()).toContain('*** High');
    // A built-in protocol is copied, not edited in place.
    expect(await admin.getByRole('button', { name: 'Edit' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Copy…' }).click();
    await admin.keyboard.type(COPY_ID); // the id field has the focus
    await admin.getByLabel('New name').fill(COPY_NAME);
    await admin.getByRole('button', { name: 'Copy protocol' }).click();
    await admin.waitForURL((url) => url.pathname === `/protocols/${COPY_ID}`);
    await admin.getByText('✓ Copied as version 1 — edit the copy below').waitFor();
    expect((await app.vigil.protocols.get(COPY_ID))?.version).toBe(1);

    // An impossible SpO2 limit: the server's message sits beside the field; nothing is stored.
    const spo2 = admin.locator('#protocol-field-alarmLimits-2-value');
    expect(await spo2.inputValue()).toBe('90');
    await spo2.fill('30');
    await admin.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.locator('#protocol-field-alarmLimits-2-value-error').getByText('⚠ The limit must be between 50 and 100').waitFor();
    expect(await spo2.getAttribute('aria-invalid')).toBe('true');
    await spo2.scrollIntoViewIfNeeded();
    await screenshot(admin, 'protocols-edit');
    expect((await app.vigil.protocols.get(COPY_ID))?.version).toBe(1);

    // The summary's link takes the keyboard to the field; 88 is saved as version 2.
    await admin.getByRole('alert').getByRole('link', { name: 'The limit must be between 50 and 100' }).click();
    expect(await spo2.evaluate((input) => input === document.activeElement)).toBe(true);
    await spo2.fill('88');
    await admin.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.getByText('✓ Saved as version 2 — sessions already running keep the version they started with').waitFor();
    const v2 = await app.vigil.protocols.get(COPY_ID);
    expect(v2?.version).toBe(2);
    expect(spo2High(v2)).toBe(88);
    expect(await admin.getByTestId('protocol-row').filter({ hasText: COPY_NAME }).textContent()).toContain('Clinic copy');
    expect(await detail.getByTestId('protocol-limit').filter({ hasText: 'at or below 88 %' }).count()).toBe(1);
    await screenshot(admin, 'protocols-saved');

    // A nurse opens a session with the copy from the clinic page (no Protocols link for her).
    const nurse = await openPage('nurse');
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clinic' }).waitFor();
    expect(await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Protocols' }).count()).toBe(0);
    await expect.poll(() => nurse.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
    await nurse.getByRole('button', { name: 'Open a session in Room 1' }).click();
    await nurse.getByRole('combobox', { name: 'Patient' }).selectOption({ label: 'New patient…' });
    await nurse.getByRole('textbox', { name: /Patient alias/ }).fill('K.P.');
    await nurse.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: COPY_NAME });
    await nurse.getByRole('button', { name: 'Open session' }).click();
    await nurse.waitForURL('**/sessions/**');
    const sessionId = nurse.url().split('/sessions/')[1]!;
    const started = await sessionProtocol(nurse, sessionId);
    expect(started).toMatchObject({ id: COPY_ID, version: 2 });
    expect(spo2High(started)).toBe(88);

    // The admin edits the copy again (SpO2 87): version 3 for new sessions, the running one keeps version 2.
    await admin.getByRole('button', { name: 'Edit' }).click();
    await spo2.fill('87');
    await admin.getByRole('button', { name: 'Save as version 3' }).click();
    await admin.getByText('✓ Saved as version 3 — sessions already running keep the version they started with').waitFor();
    expect((await app.vigil.protocols.get(COPY_ID))?.version).toBe(3);
    const kept = await sessionProtocol(nurse, sessionId);
    expect(kept.version).toBe(2);
    expect(spo2High(kept)).toBe(88);
  });
});
