import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLIENT_DIR = path.join(ROOT, 'dist/client');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error('The client is not built: run "npm run build" (npm test does it first)');
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Signs in through the login form, like a person. */
export async function signInAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/username/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Goes to one of the app's pages from the top bar, like a person: through "Menu" when the
 * pages do not fit on the bar's row (a narrow screen, or a role with many pages).
 */
export async function goToPage(page: Page, name: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  // The bar settles its layout once the connection is live (the badge's text is then at its widest).
  await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await link.click();
}

/** Polls generously: two cores are shared with other test runs. */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

export interface TypedVitals {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number;
}

/** Fills the nurse's entry panel field by field and presses Enter; waits until the form clears (the entry was taken). */
export async function enterVitals(page: Page, vitals: TypedVitals): Promise<void> {
  const field = (name: RegExp) => page.getByRole('textbox', { name });
  await field(/^Systolic/).fill(String(vitals.systolic));
  await field(/^Diastolic/).fill(String(vitals.diastolic));
  await field(/^Heart rate/).fill(String(vitals.heartRate));
  await field(/^SpO2/).fill(String(vitals.spo2));
  await field(/^Resp/).fill(String(vitals.respiratoryRate));
  await page.keyboard.press('Enter');
  await expect.poll(() => field(/^Systolic/).inputValue()).toBe('');
}
