import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession, TEST_PASSWORD } from '../support/server';

/**
 * The therapist hands the tablet to the patient for PHQ-9 (Chromium): the screen shows only the
 * questionnaire, whatever the history, the address or a reload says; the patient answers and is
 * thanked; a wrong staff password is refused; the nurse's own sign-in takes the tablet back to
 * the session, whose record says the patient answered on the tablet the therapist handed over.
 */
describe('the questionnaire handed to the patient on the tablet (Chromium)', () => {
  const app = useChromiumAndServer();

  // Generous: this runs beside other browser tests on a loaded machine.
  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 100 });

  /** Nothing of the record on screen: no top bar, menu, links, alarms, patient alias or room. */
  async function expectOnlyTheQuestionnaire(page: Page) {
    await poll(() => page.getByTestId('handover-screen').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('link').count()).toBe(0);
    expect(await page.getByTestId('alarm-tray').count()).toBe(0);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('T.P.');
    expect(text).not.toContain('Room 1');
    expect(text).not.toMatch(/Test therapist|Sign out|Menu/);
  }

  it('shows only the questionnaire until a staff member signs in, through back, address changes, shortcuts and reloads', async () => {
    const sessionId = await openTestSession(app.vigil, 'room-1');
    const page = await app.signedInPage('therapist', { viewport: { width: 768, height: 1024 } });
    page.setDefaultTimeout(20_000);
    await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    await page.getByRole('button', { name: 'Hand PHQ-9 to the patient' }).click();

    await expectOnlyTheQuestionnaire(page);
    const form = page.getByRole('form', { name: 'PHQ-9' });
    await poll(() => form.count()).toBe(1);
    await screenshot(page, 'handover-questionnaire');

    // Back, another address, the vitals shortcut, a reload: still only the questionnaire.
    await page.goBack();
    await expectOnlyTheQuestionnaire(page);
    for (const path of ['/', `/sessions/${sessionId}`, '/patients', '/board', '/wall', '/login']) {
      await page.goto(`${app.vigil.url}${path}`);
      await expectOnlyTheQuestionnaire(page);
    }
    await page.keyboard.press('Alt+R');
    expect(await page.getByRole('spinbutton').count()).toBe(0);
    await page.reload();
    await expectOnlyTheQuestionnaire(page);

    // The patient answers, in large type, and is thanked.
    for (const [index, value] of [1, 1, 2, 1, 0, 1, 1, 0, 0].entries()) {
      await form
        .getByRole('radiogroup', { name: `PHQ-9 item ${index + 1}` })
        .getByRole('radio', { name: new RegExp(`\\(${value}\\)$`) })
        .click();
    }
    await form.getByRole('button', { name: 'Done' }).click();
    await poll(() => page.getByRole('heading', { name: 'Thank you' }).count()).toBe(1);
    await poll(async () => (await app.vigil.sessions.getState(sessionId))?.questionnaires.length).toBe(1);
    await poll(() => page.locator('.handover-thanks').textContent()).toContain('Your answers are saved');
    await page.reload();
    await poll(() => page.getByRole('heading', { name: 'Thank you' }).count()).toBe(1);
    await expectOnlyTheQuestionnaire(page);
    await screenshot(page, 'handover-thanks');

    // A wrong password is refused; the nurse's own sign-in takes the tablet back to the session.
    await page.getByRole('button', { name: 'Staff: take the tablet back' }).click();
    await page.getByLabel('Staff username').fill('nurse');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in and take back' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    await expectOnlyTheQuestionnaire(page);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in and take back' }).click();
    await page.waitForURL(`**/sessions/${sessionId}`);
    await poll(() => page.getByTestId('handover-screen').count()).toBe(0);
    // The session's record comes over the nurse's new connection (a loaded machine can take a while).
    await expect
      .poll(() => page.getByTestId('questionnaire-results').textContent(), { timeout: 30_000, interval: 200 })
      .toContain('PHQ-9 7 — Mild (by the patient on the tablet handed over by Test therapist');
    expect(await page.getByRole('banner').textContent()).toContain('Test nurse');
    await page.reload();
    await poll(() => page.getByTestId('questionnaire-results').count()).toBe(1);
    expect(await page.getByTestId('handover-screen').count()).toBe(0);
  });
});
