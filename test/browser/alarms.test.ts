import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { useChromiumAndServer, type ChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession } from '../support/server';

/**
 * The server's clock runs 5x faster than real time (VIGIL_CLOCK_RATE, as in demos): screens
 * learn the rate with time.sync, so the 10 s repeat of a high alarm is 2 s here and the 60 s
 * escalation 12 s.
 */
const CLOCK_RATE = 5;

/** Counts every Web Audio pulse the page starts (OscillatorNode.start), so the test hears the repeat. */
async function countPulses(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const counted = window as unknown as { vigilPulses: number; vigilPulseTimes: number[] };
    counted.vigilPulses = 0;
    counted.vigilPulseTimes = [];
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function createOscillator(this: AudioContext) {
      const oscillator = original.call(this);
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (when?: number) => {
        counted.vigilPulses += 1;
        counted.vigilPulseTimes.push(performance.now());
        start(when);
      };
      return oscillator;
    };
  });
}

const pulses = (page: Page) => page.evaluate(() => (window as unknown as { vigilPulses: number }).vigilPulses);
/** When (the page's performance.now()) the pulse numbered `index` (0-based) started. */
const pulseTime = (page: Page, index: number) =>
  page.evaluate((at) => (window as unknown as { vigilPulseTimes: number[] }).vigilPulseTimes[at]!, index);

/** A signed-in page whose Web Audio pulses are counted. */
const openPage = (app: ChromiumAndServer, username: string, viewport: { width: number; height: number }) =>
  app.signedInPage(username, { viewport }, countPulses);

async function recordVitals(page: Page, values: [string, string, string, string, string]) {
  const labels = [/^Systolic/, /^Diastolic/, /^Heart rate/, /^SpO2/, /^Resp/];
  for (const [index, label] of labels.entries()) await page.getByRole('textbox', { name: label }).fill(values[index]!);
  await page.getByRole('textbox', { name: /^Resp/ }).press('Enter');
}

describe('alarms on every screen of the room (Chromium)', () => {
  const app = useChromiumAndServer({ clockRate: CLOCK_RATE });
  let sessionId: string;

  beforeAll(async () => {
    sessionId = await openTestSession(app.vigil, 'room-1');
  });

  it('a high reading on one screen flashes red with its text and sounds on a second; it escalates to a prescriber elsewhere; acknowledging stops the repeat on both', async () => {
    const nurse = await openPage(app, 'nurse', { width: 1024, height: 900 });
    const prescriber = await openPage(app, 'prescriber', { width: 1400, height: 900 });
    const elsewhere = await openPage(app, 'prescriber', { width: 1280, height: 800 });
    await nurse.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await prescriber.goto(`${app.vigil.url}/sessions/${sessionId}`);
    for (const page of [nurse, prescriber]) {
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
      await expect.poll(() => page.getByTestId('alarm-headline').textContent()).toBe('✓ No open alarms');
    }
    // The other prescriber is on the clinic page; the top bar counts the clinic's alarms.
    await expect.poll(() => elsewhere.getByTestId('alarm-count').textContent(), { timeout: 10_000 }).toBe('✓ No open alarms');

    await recordVitals(nurse, ['128', '82', '76', '88', '14']);

    // The second screen: a flashing red row with the marker, the words and the message.
    const row = prescriber.getByTestId('alarm-row').filter({ hasText: 'SpO2 88% — at or below 90' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute('data-priority')).toBe('high');
    const text = await row.textContent();
    expect(text).toContain('***');
    expect(text).toContain('HIGH');
    expect(text).toContain('not acknowledged');
    const look = await row.evaluate((element) => {
      const style = getComputedStyle(element);
      return { animation: style.animationName, duration: style.animationDuration, border: style.borderTopColor };
    });
    // About 2 Hz: one on/off cycle every 0.5 s.
    expect(look).toMatchObject({ animation: 'alarm-flash-high', duration: '0.5s' });
    // Reduced motion: no flashing; a strong still border and the words stay.
    await prescriber.emulateMedia({ reducedMotion: 'reduce' });
    const still = await row.evaluate((element) => ({
      animation: getComputedStyle(element).animationName,
      border: getComputedStyle(element).borderTopWidth,
    }));
    expect(still).toEqual({ animation: 'none', border: '8px' });
    await prescriber.emulateMedia({ reducedMotion: 'no-preference' });
    // On the chart, at the reading that raised it, with its marker.
    await expect.poll(() => prescriber.locator('.recharts-reference-dot').count(), { timeout: 5_000 }).toBe(1);
    expect(await prescriber.locator('figure.chart').textContent()).toContain('*** SpO2 88%');
    await expect
      .poll(() => elsewhere.getByTestId('alarm-count').textContent(), { timeout: 5_000 })
      .toBe('*** 1 open alarm, 1 not acknowledged');

    // It sounds, and repeats (every 10 s of server time), on both screens.
    for (const page of [prescriber, nurse]) {
      await expect.poll(() => page.getByTestId('alarm-sound').getAttribute('data-sounding'), { timeout: 5_000 }).toBe('high');
      await expect.poll(() => pulses(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(20);
    }
    await screenshot(prescriber, 'alarm-tray');

    // Nobody owns it for 60 s of server time: the prescriber sees it wherever they are.
    const banner = elsewhere.getByTestId('escalation-banner');
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    expect(await banner.textContent()).toContain('ESCALATED — Room 1 (T.P.): SpO2 88% — at or below 90 — not acknowledged');
    await screenshot(elsewhere, 'alarm-escalation-banner');

    // The nurse owns it, from her own screen.
    await nurse.getByRole('button', { name: 'Acknowledge: SpO2 88% — at or below 90', exact: true }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Acknowledged by Test nurse');
    for (const page of [prescriber, nurse]) {
      await expect.poll(() => page.getByTestId('alarm-sound').getAttribute('data-sounding'), { timeout: 5_000 }).toBe('none');
    }
    expect(await row.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    const heard = { prescriber: await pulses(prescriber), nurse: await pulses(nurse) };
    const silentFrom = {
      prescriber: await prescriber.evaluate(() => performance.now()),
      nurse: await nurse.evaluate(() => performance.now()),
    };

    // The SpO2 of 88 is still the latest: 3 min of server time after the acknowledgement (36 s
    // here) it re-alarms, unowned again, and sounds on both screens.
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain('not acknowledged');
    for (const page of [prescriber, nurse]) {
      await expect.poll(() => page.getByTestId('alarm-sound').getAttribute('data-sounding'), { timeout: 5_000 }).toBe('high');
    }
    // Nothing was heard while it was owned: on each screen the first pulse after the
    // acknowledgement came with the re-alarm, more than 15 s of real time (75 s of server time,
    // seven repeat intervals) after the sound was seen to stop.
    for (const [name, page] of [
      ['prescriber', prescriber],
      ['nurse', nurse],
    ] as const) {
      await expect.poll(() => pulses(page), { timeout: 10_000 }).toBeGreaterThan(heard[name]);
      expect((await pulseTime(page, heard[name])) - silentFrom[name]).toBeGreaterThanOrEqual(15_000);
    }
    // The nurse owns it again (the next test starts from an owned alarm).
    await nurse.getByRole('button', { name: 'Acknowledge: SpO2 88% — at or below 90', exact: true }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Acknowledged by Test nurse');
  }, 180_000);

  it('an audio pause from one screen silences the room on every screen with a countdown, acknowledging nothing', async () => {
    const nurse = await openPage(app, 'nurse', { width: 1024, height: 900 });
    const therapist = await openPage(app, 'therapist', { width: 1024, height: 900 });
    await nurse.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await therapist.goto(`${app.vigil.url}/sessions/${sessionId}`);
    for (const page of [nurse, therapist])
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');

    await recordVitals(nurse, ['192', '104', '96', '97', '16']);
    const row = therapist.getByTestId('alarm-row').filter({ hasText: 'Systolic 192 mmHg' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    // A therapist sees every alarm but does not own it.
    expect(await row.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
    await expect.poll(() => therapist.getByTestId('alarm-sound').getAttribute('data-sounding'), { timeout: 5_000 }).toBe('high');

    await therapist.getByRole('button', { name: /Pause audio 2 min/ }).click();
    for (const page of [therapist, nurse]) {
      await expect
        .poll(() => page.getByTestId('audio-paused').textContent(), { timeout: 5_000 })
        .toMatch(/Audio paused by Test therapist — 1:\d\d left/);
      await expect.poll(() => page.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('none');
    }
    const heard = await pulses(nurse);
    const pausedAt = await nurse.evaluate(() => performance.now());
    // Still not acknowledged: the row still asks for someone.
    expect(await nurse.getByTestId('alarm-row').filter({ hasText: 'Systolic 192 mmHg' }).textContent()).toContain('not acknowledged');
    await screenshot(nurse, 'alarm-tray-paused');
    // 2 min of server time is 24 s here: the pause lapses by itself and the sound comes back.
    await expect.poll(() => nurse.getByTestId('alarm-sound').getAttribute('data-sounding'), { timeout: 40_000 }).toBe('high');
    await expect.poll(() => pulses(nurse), { timeout: 10_000 }).toBeGreaterThan(heard);
    // Nothing was heard while paused: the first pulse after the pause came once it lapsed, more than
    // 15 s of real time (75 s of server time, several repeat intervals) after the pause was seen.
    const firstAfterPause = await nurse.evaluate(
      (count) => (window as unknown as { vigilPulseTimes: number[] }).vigilPulseTimes[count]!,
      heard,
    );
    expect(firstAfterPause - pausedAt).toBeGreaterThanOrEqual(15_000);
  }, 120_000);
  it('a nurse marks the reading as artifact with a quick reason: it stays struck through on every screen and its alarm clears', async () => {
    const nurse = await openPage(app, 'nurse', { width: 1400, height: 900 });
    const prescriber = await openPage(app, 'prescriber', { width: 1400, height: 900 });
    for (const page of [nurse, prescriber]) {
      await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
    }
    await recordVitals(nurse, ['126', '80', '72', '84', '14']);
    const alarm = prescriber.getByTestId('alarm-row').filter({ hasText: 'SpO2 84% — at or below 90' });
    await expect.poll(() => alarm.count(), { timeout: 10_000 }).toBe(1);

    const reading = nurse.getByTestId('reading').filter({ hasText: '126/80' });
    await reading.getByRole('button', { name: /Mark artifact/ }).click();
    await reading.getByRole('button', { name: 'Probe off' }).click();
    await reading.getByRole('button', { name: 'Mark as artifact' }).click();

    const struck = prescriber.getByTestId('reading').filter({ hasText: '126/80' });
    await expect.poll(() => struck.getAttribute('class'), { timeout: 10_000 }).toContain('reading-artifact');
    expect(await struck.textContent()).toContain('Artifact: Probe off');
    expect(
      await struck
        .locator('td')
        .first()
        .evaluate((cell) => getComputedStyle(cell).textDecorationLine),
    ).toBe('line-through');
    // The high alarm it raised clears on both screens, latched or not.
    for (const page of [prescriber, nurse]) {
      await expect.poll(() => page.getByTestId('alarm-row').filter({ hasText: 'SpO2 84%' }).count(), { timeout: 10_000 }).toBe(0);
    }
    await struck.scrollIntoViewIfNeeded();
    await screenshot(prescriber, 'alarm-artifact-struck');
  }, 60_000);
});
