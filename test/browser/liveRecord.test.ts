import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession } from '../support/server';

describe('a bedside reading reaches every screen (Chromium)', () => {
  const app = useChromiumAndServer();
  let sessionId: string;

  beforeAll(async () => {
    sessionId = await openTestSession(app.vigil, 'room-1');
  });

  it('a nurse records a vital set from the keyboard on a tablet and a second screen shows it without reloading', async () => {
    const nurse = await app.signedInPage('nurse', { viewport: { width: 768, height: 1024 } });
    const prescriber = await app.signedInPage('prescriber', { viewport: { width: 1400, height: 900 } });

    // The prescriber finds the room on the clinic page and opens it.
    await prescriber.getByRole('link', { name: /T\.P\./ }).click();
    await prescriber.waitForURL(`**/sessions/${sessionId}`);
    await expect.poll(() => prescriber.getByText('No readings yet.').count()).toBe(1);

    await nurse.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => nurse.getByTestId('connection').textContent()).toContain('Live');

    // Keyboard only: type, Tab, ... Enter.
    await nurse.getByRole('textbox', { name: /^Systolic/ }).focus();
    for (const value of ['152', '96', '88', '97', '16']) {
      await nurse.keyboard.type(value);
      await nurse.keyboard.press('Tab');
    }
    await nurse.keyboard.press('Enter');

    const row = prescriber.getByTestId('reading').filter({ hasText: '152/96' });
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
    expect(await row.textContent()).toContain('Test nurse');
    expect(await row.textContent()).toContain('manual');
    // The entry form is cleared and ready for the next set.
    expect(await nurse.getByRole('textbox', { name: /^Systolic/ }).inputValue()).toBe('');
    await screenshot(nurse, 'live-record-nurse-tablet');
    await screenshot(prescriber, 'live-record-prescriber');

    const stored = await app.vigil.store.db.selectFrom('session_events').select('type').where('session_id', '=', sessionId).execute();
    expect(stored.filter((event) => event.type === 'vitals.recorded')).toHaveLength(1);
  });

  it('an implausible value is refused at its field in plain words and nothing is stored', async () => {
    const nurse = await app.signedInPage('nurse', { viewport: { width: 768, height: 1024 } });
    await nurse.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => nurse.getByTestId('connection').textContent()).toContain('Live');
    const before = await app.vigil.store.db.selectFrom('session_events').select('seq').where('session_id', '=', sessionId).execute();

    await nurse.getByRole('textbox', { name: /^Systolic/ }).fill('400');
    await nurse.getByRole('textbox', { name: /^Diastolic/ }).fill('80');
    await nurse.getByRole('textbox', { name: /^Heart rate/ }).fill('70');
    await nurse.getByRole('textbox', { name: /^SpO2/ }).fill('101');
    await nurse.getByRole('textbox', { name: /^Resp/ }).fill('14');
    await nurse.keyboard.press('Enter');

    await expect.poll(() => nurse.locator('#systolicMmHg-error').textContent()).toContain('not possible');
    expect(await nurse.locator('#spo2Percent-error').textContent()).toContain('not possible');
    expect(await nurse.getByRole('textbox', { name: /^Systolic/ }).getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first field to fix.
    expect(await nurse.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('systolicMmHg');

    // Diastolic above systolic is refused too.
    await nurse.getByRole('textbox', { name: /^Systolic/ }).fill('90');
    await nurse.getByRole('textbox', { name: /^Diastolic/ }).fill('110');
    await nurse.getByRole('textbox', { name: /^SpO2/ }).fill('96');
    await nurse.keyboard.press('Enter');
    await expect.poll(() => nurse.locator('#diastolicMmHg-error').textContent()).toContain('must be lower than systolic');
    await screenshot(nurse, 'live-record-refused-values');

    const after = await app.vigil.store.db.selectFrom('session_events').select('seq').where('session_id', '=', sessionId).execute();
    expect(after).toHaveLength(before.length);

    // A plausible but alarming value is accepted.
    await nurse.getByRole('textbox', { name: /^Systolic/ }).fill('195');
    await nurse.getByRole('textbox', { name: /^Diastolic/ }).fill('115');
    await nurse.getByRole('textbox', { name: /^SpO2/ }).fill('89');
    await nurse.keyboard.press('Enter');
    await expect.poll(() => nurse.getByTestId('reading').filter({ hasText: '195/115' }).count(), { timeout: 5_000 }).toBe(1);
  });

  it('signing out ends the live connection and returns to the sign-in page', async () => {
    const page = await app.signedInPage('therapist');
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    // Signing out is in the top bar's menu (named for the person where the pages fit in the bar, "Menu" where they do not).
    await page.getByRole('button', { name: /Test therapist|Menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
  });
});
