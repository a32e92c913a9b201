import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, screenshot, signInAs } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { storeRecordedSession } from '../support/recordedSession';
import { openTestSession, TEST_PASSWORD } from '../support/server';

describe('the record in the browser (Chromium)', () => {
  const app = useChromiumAndServer({ timeZone: 'Europe/London' }, undefined, {
    alarmTickMs: null,
    readinessIntervalMs: 0,
  });

  beforeAll(async () => {
    await storeRecordedSession(app.vigil, 'room-1', { deviceSeconds: 600 });
    await openTestSession(app.vigil, 'room-2');
  });

  it('a prescriber finds the discharged session from the Sessions page, opens its report, and prints it', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, app.vigil.url, 'prescriber', TEST_PASSWORD);
    // The clinic page counts the REMS form still to file.
    await expect.poll(() => page.getByRole('region', { name: 'REMS forms due' }).textContent()).toMatch(/1 REMS monitoring form to file/);
    await page.getByRole('link', { name: 'History of Room 1' }).click();
    await page.waitForURL((url) => url.pathname === '/sessions' && url.search === '?room=room-1');
    await page.getByLabel('Status').selectOption('discharged');
    // The protocol menu names the protocols that have sessions (no id to remember).
    await page.getByLabel('Protocol').selectOption({ label: 'Spravato 56 mg intranasal' });
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL((url) => url.search.includes('status=discharged') && url.search.includes('protocol=spravato-56'));
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('link', { name: 'Report for T.P.' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/report'));
    await expect.poll(() => page.getByRole('heading', { name: 'Dosing session report' }).count()).toBe(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('esketamine 56 mg intranasal, lot LOT-B7');
    expect(text).toContain('125 min');
    expect(text).toContain('2026-11-22 09:00 GMT');
    expect(text).toContain('Vital signs, one row per 5 minutes');
    await screenshot(page, 'session-report');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const file = path.join(ROOT, 'test-results/screenshots/session-report-print.pdf');
    fs.writeFileSync(file, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The legend's swatches keep their size (they once grew to the legend's width: black bars on paper).
    const swatches = await page.locator('.legend-swatch').evaluateAll((all) => all.map((e) => e.getBoundingClientRect().width));
    expect(swatches).toHaveLength(4);
    for (const width of swatches) expect(width).toBeLessThanOrEqual(30);
    // The paper is the print dialog's choice: US Letter comes out as Letter, not forced to A4.
    const letter = await page.pdf({ format: 'Letter', preferCSSPageSize: true });
    expect(letter.toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);

    // The REMS form: filled from the record, the prescriber answers with the suggestions in view, signs and submits.
    await page.getByRole('link', { name: /REMS monitoring form/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/rems'));
    const sedation = page.getByRole('group', { name: 'Did the patient experience sedation?' });
    await expect.poll(() => sedation.textContent()).toContain('The record suggests: yes — Lowest MOAA/S after the dose: 3');
    expect(await page.locator('main').textContent()).toContain('Blood pressure about 40 min after dosing: 152/94 mmHg');
    for (const medicine of ['Benzodiazepines', 'Non-benzodiazepine hypnotics', 'Psychostimulants', 'MAOIs', 'Opioids']) {
      await page.getByRole('group', { name: medicine }).getByLabel('No').check();
    }
    await sedation.getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Did the patient experience dissociation?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Did the patient experience respiratory depression?' }).getByLabel('No').check();
    await page.getByRole('group', { name: 'Were vital signs acceptable before dosing?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Were vital signs acceptable before discharge?' }).getByLabel('Yes').check();
    await page.getByLabel('Monitoring site').fill('Main St clinic');
    await page.getByRole('button', { name: /Sign the form/ }).click();
    await page.getByRole('button', { name: 'Mark submitted to the REMS' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Marked submitted.' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Submitted by Test prescriber');
    await screenshot(page, 'rems-form-submitted');
    await context.close();
  });
});
