import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClock } from '../../server/clock';
import path from 'node:path';
import { poll, screenshot, SCREENSHOT_DIR } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { clientPool, dosedSession, send } from '../server/lifecycle/lifecycleClients';

const MINUTE_MS = 60_000;

/**
 * A whole Spravato session in Chromium, each role on its own screen: the nurse opens it in an
 * empty room from the clinic page, the checklist is ticked by the people allowed to, a high
 * baseline is acknowledged by the prescriber, the dose starts the clock, the therapist records
 * sedation and dissociation, the server's clock jumps past the 120-minute minimum, the record
 * turns ready for discharge by itself, and the nurse discharges. Screenshots at dose and discharge.
 */
describe('a whole session walked through by nurse, prescriber and therapist (Chromium)', () => {
  // The server's clock runs in real time plus a jump the test controls, so every screen keeps a true offset.
  let jumpMs = 0;
  const clock = createClock(1, 0, () => Date.now() + jumpMs);
  const app = useChromiumAndServer({}, clock, { readinessIntervalMs: 300 });
  const pool = clientPool(() => app.vigil);

  afterAll(async () => {
    pool.closeAll();
  });

  async function live(page: Page) {
    await poll(() => page.getByTestId('connection').textContent()).toContain('Live');
  }

  async function tick(page: Page, name: RegExp) {
    const box = page.getByRole('checkbox', { name });
    await box.click();
    await poll(() => box.isChecked()).toBe(true);
  }

  async function recordVitals(page: Page, values: [string, string, string, string, string]) {
    const labels = [/^Systolic/, /^Diastolic/, /^Heart rate/, /^SpO2/, /^Resp/];
    for (const [index, label] of labels.entries()) await page.getByRole('textbox', { name: label }).fill(values[index]!);
    await page.getByRole('button', { name: 'Record (Enter)' }).click();
    await poll(() =>
      page
        .getByTestId('reading')
        .filter({ hasText: `${values[0]}/${values[1]}` })
        .count(),
    ).toBe(1);
  }

  /** The session page from the top: header with the timer, then the chart. */
  async function shoot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  }

  const storedTypes = async (sessionId: string) =>
    (await app.vigil.store.db.selectFrom('session_events').select('type').where('session_id', '=', sessionId).orderBy('seq').execute()).map(
      (row) => row.type,
    );

  it('opens, checks, doses, observes, waits out the minimum and discharges', async () => {
    const nurse = await app.screen('nurse', 1400, 1000);
    const prescriber = await app.screen('prescriber', 1400, 900);
    const therapist = await app.screen('therapist', 768, 1024);

    // The nurse opens a session in the empty Room 1 from the clinic page.
    await live(nurse);
    await nurse.getByRole('button', { name: 'Open a session in Room 1' }).click();
    await nurse.getByRole('combobox', { name: 'Patient' }).selectOption({ label: 'New patient…' });
    await nurse.getByRole('textbox', { name: /Patient alias/ }).fill('J.D.');
    await nurse.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'Spravato 56 mg intranasal' });
    await nurse.getByRole('button', { name: 'Open session' }).click();
    await nurse.waitForURL('**/sessions/**');
    const sessionId = nurse.url().split('/sessions/')[1]!;
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Pre-dose');
    expect(await nurse.getByTestId('patient-alias').textContent()).toBe('J.D.');
    await poll(() => nurse.getByTestId('observation-timer').textContent()).toContain('Starts at the dose');

    // The checklist, each item by someone allowed to tick it.
    for (const item of [/^Fasting/, /^No nasal decongestant/, /^Concomitant medicines/, /^Escort arranged/, /^Consent confirmed/])
      await tick(nurse, item);
    expect(await nurse.getByRole('checkbox', { name: /^Intention for the session/ }).isDisabled()).toBe(true);
    await therapist.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await live(therapist);
    await tick(therapist, /^Intention for the session/);
    await poll(() => nurse.getByTestId('checklist-item-intention_noted').textContent()).toContain('Ticked by Test therapist');

    // A baseline above 140/90: the nurse waits for the prescriber, who acknowledges it.
    await recordVitals(nurse, ['152', '96', '84', '97', '15']);
    await poll(() => nurse.getByText('Waiting for the prescriber to acknowledge the baseline.').count()).toBe(1);
    expect(await nurse.getByRole('button', { name: 'Record dose' }).isDisabled()).toBe(true);
    await prescriber.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await live(prescriber);
    await prescriber.getByRole('textbox', { name: /^Reason/ }).fill('Usual for her; benefit outweighs the transient rise');
    await prescriber.getByRole('button', { name: /Acknowledge baseline 152\/96/ }).click();
    await poll(() => nurse.getByTestId('advisory').textContent()).toContain('acknowledged by Test prescriber');
    await poll(() => nurse.getByTestId('dose-blockers').textContent()).toContain('Nothing blocks the dose');
    await nurse
      .locator('section[aria-labelledby="predose-title"]')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'session-walkthrough-predose-panel.png') });

    // The dose: 56 mg as the protocol says, two devices, the lot.
    expect(await nurse.getByRole('textbox', { name: /^Dose/ }).inputValue()).toBe('56');
    await nurse.getByRole('textbox', { name: /^Lot number/ }).fill('ESK-2291');
    await nurse.getByRole('textbox', { name: /^Devices/ }).fill('2');
    await nurse.getByRole('button', { name: 'Record dose' }).click();
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Dosed — monitoring');
    await poll(() => nurse.getByTestId('timer-remaining').textContent()).toMatch(/of 120 min/);
    await poll(() => therapist.getByTestId('timer-remaining').textContent()).toMatch(/of 120 min/);
    await shoot(nurse, 'session-walkthrough-dose');

    // The therapist: sedation and dissociation at the peak.
    await therapist.getByRole('radio', { name: /^3 Responds only after name is called loudly/ }).click();
    for (const [item, score] of [
      [1, 2],
      [2, 1],
      [6, 1],
      [7, 2],
      [15, 1],
      [22, 0],
    ] as const) {
      await therapist.getByRole('radio', { name: `Item ${item}: ${score}` }).click();
    }
    expect(await therapist.getByTestId('cadss-total').textContent()).toBe('Total 7 of 24');
    await therapist.getByRole('button', { name: /Record CADSS-6/ }).click();
    await therapist.getByRole('button', { name: 'Peak effect now' }).click();
    const timeline = nurse.getByTestId('timeline-entry');
    await poll(() => timeline.filter({ hasText: 'MOAA/S 3 — Responds only after name is called loudly' }).count()).toBe(1);
    await poll(() => timeline.filter({ hasText: 'CADSS-6 total 7 of 24' }).count()).toBe(1);
    // Markers on the chart are labelled in words.
    await poll(() => nurse.locator('.chart svg text', { hasText: 'MOAA/S 3' }).count()).toBe(1);
    expect(await nurse.locator('.chart svg text', { hasText: 'CADSS 7' }).count()).toBe(1);
    expect(await nurse.getByTestId('discharge-blocked').textContent()).toContain('Minimum observation time (120 min)');
    await shoot(therapist, 'session-walkthrough-therapist-tablet');

    // The server's clock moves past the minimum; screens that reload learn the new time from the server.
    jumpMs += 125 * MINUTE_MS;
    for (const page of [nurse, therapist]) {
      await page.reload();
      await live(page);
    }
    await poll(() => nurse.getByTestId('timer-elapsed').textContent()).toContain('2 h 0');
    await poll(() => nurse.getByTestId('timer-remaining').textContent()).toBe('✓ 120 min minimum reached');
    await poll(() => therapist.getByTestId('timer-elapsed').textContent()).toContain('2 h 0');

    // Recovery: vitals near baseline, MOAA/S 5, returned to baseline, and the practical items.
    await recordVitals(nurse, ['138', '88', '78', '98', '14']);
    await therapist.getByRole('radio', { name: /^5 Responds readily to name/ }).click();
    await therapist.getByRole('button', { name: 'Returned to baseline now' }).click();
    // The modified Aldrete and PADSS items the record cannot know, scored by the nurse.
    await nurse.getByRole('button', { name: /^Activity: 2,/ }).click();
    await nurse.getByRole('button', { name: /^Breathing: 2,/ }).click();
    await poll(() => nurse.getByTestId('score-aldrete-total').textContent()).toBe('✓ 10 of 10');
    await nurse.getByRole('button', { name: /^Activity and mental status: 2,/ }).click();
    await nurse.getByRole('button', { name: /^Pain and\/or nausea: 2,/ }).click();
    await poll(() => nurse.getByTestId('score-padss-total').textContent()).toBe('✓ 6 of 6');
    await tick(nurse, /^Responsible adult present/);
    await tick(nurse, /^Told: no driving/);
    await therapist.getByRole('textbox', { name: /^Date for/ }).fill('2026-12-03');
    await tick(therapist, /^Integration session booked/);

    // The server judges the patient ready by itself; the nurse discharges.
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Ready for discharge');
    await poll(() => nurse.getByTestId('discharge-summary').textContent()).toContain('Every discharge item holds');
    await shoot(nurse, 'session-walkthrough-ready');
    await nurse.getByRole('button', { name: 'Discharge the patient' }).click();
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Discharged');
    const record = nurse.getByTestId('closed-record');
    expect(await record.textContent()).toContain('by Test nurse');
    expect(await record.textContent()).toContain('read-only');
    // The closed record is one click from its report.
    expect(await record.getByRole('link', { name: /Session report/ }).getAttribute('href')).toBe(`/sessions/${sessionId}/report`);
    expect(await nurse.getByRole('button', { name: 'Record dose' }).count()).toBe(0);
    await poll(() => therapist.getByTestId('phase').textContent()).toBe('Discharged');
    await shoot(nurse, 'session-walkthrough-discharged');

    // Read-only now, but a dose can still be corrected by an amendment with a reason.
    await nurse.getByRole('button', { name: /^Correct the dose given at/ }).click();
    await nurse.getByRole('radio', { name: 'Lot number' }).check();
    await nurse.getByRole('textbox', { name: 'Corrected lot number' }).fill('ESK-2292');
    await nurse.getByRole('textbox', { name: /Reason for the correction/ }).fill('Lot misread from the box');
    await nurse.getByRole('button', { name: 'Record the correction' }).click();
    await poll(() => nurse.getByRole('list', { name: 'Doses given' }).textContent()).toContain('lot ESK-2292');
    await poll(() => nurse.getByTestId('timeline-entry').filter({ hasText: 'dose lot corrected to "ESK-2292"' }).count()).toBe(1);

    const types = await storedTypes(sessionId);
    expect(types.filter((type) => type === 'checklist.itemTicked')).toHaveLength(9);
    expect(types).toContain('predose.advisoryAcknowledged');
    expect(types.filter((type) => type === 'dose.recorded')).toHaveLength(1);
    // MOAA/S and CADSS-6 during the session, MOAA/S 5, returned to baseline, two Aldrete and two PADSS items.
    expect(types.filter((type) => type === 'observation.recorded')).toHaveLength(9);
    expect(types.slice(-2)).toEqual(['session.discharged', 'amendment.recorded']);
    const state = await app.vigil.sessions.getState(sessionId);
    expect(state?.discharge?.override).toBeNull();
    expect(state?.readyForDischargeAt).not.toBeNull();
  });

  it('a prescriber discharges with items failing (no regulatory floor) only after giving a reason, inline; the nurse is told what is missing', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, clock.now(), 'room-2', 'ketamine-im');
    jumpMs += 30 * MINUTE_MS;
    const nurse = await app.screen('nurse', 768, 1024);
    const prescriber = await app.screen('prescriber', 1400, 1000);
    for (const page of [nurse, prescriber]) {
      await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
      await live(page);
    }
    await poll(() => nurse.getByTestId('discharge-blocked').textContent()).toContain('still missing: Minimum observation time (90 min)');
    expect(await nurse.getByRole('button', { name: /^Discharge/ }).count()).toBe(0);
    await poll(() => prescriber.getByTestId('discharge-item-minimum_observation').textContent()).toMatch(/3\d of 90 min elapsed/);

    const discharge = prescriber.getByRole('button', { name: 'Discharge with items failing' });
    await discharge.click();
    await poll(() => prescriber.locator('#override-reason-error').textContent()).toContain('A reason is required');
    await prescriber.getByRole('textbox', { name: /Reason for discharging/ }).fill('Transferred to the ward for observation');
    await discharge.click();
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Discharged');
    expect(await nurse.getByTestId('override-reason').textContent()).toBe('“Transferred to the ward for observation”');
    expect(await nurse.getByTestId('closed-record').textContent()).toContain('Minimum observation time (90 min)');
    await shoot(nurse, 'session-walkthrough-override-tablet');
    const state = await app.vigil.sessions.getState(sessionId);
    expect(state?.discharge?.override).toEqual({ reason: 'Transferred to the ward for observation' });
    expect(state?.discharge?.failingItemIds).toContain('minimum_observation');
  });
  it('two IM doses and a modified Aldrete score: the clock restarts at the second dose, the panel shows the score and the REMS times', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, clock.now(), 'room-1', 'ketamine-im');
    jumpMs += 70 * MINUTE_MS;
    const nurse = await app.screen('nurse', 1400, 1600);
    await nurse.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await live(nurse);
    await poll(() => nurse.getByTestId('further-dose-rule').textContent()).toContain(
      'A further im dose restarts the check schedule and the 90-min minimum',
    );

    // The second IM dose, entered on the nurse's screen.
    await nurse.getByRole('textbox', { name: /^Weight/ }).fill('70');
    await nurse.getByRole('textbox', { name: /^Lot number/ }).fill('KET-2');
    await nurse.getByRole('button', { name: 'Record further dose' }).click();
    await poll(() => nurse.getByTestId('timer-counting-from').textContent()).toMatch(/since dose 2 of 2 \(im\)/);
    await poll(() => nurse.getByTestId('timer-next-check').textContent()).toMatch(/check after dose 2/);

    // Recovered ten minutes later: vitals, MOAA/S 5, back to baseline, the Aldrete and PADSS items the record cannot know.
    jumpMs += 10 * MINUTE_MS;
    await nurse.reload();
    await live(nurse);
    await recordVitals(nurse, ['126', '80', '76', '98', '14']);
    for (const observation of [{ kind: 'moaas', score: 5 }, { kind: 'returned_to_baseline' }]) {
      await send(staff.therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation });
    }
    await nurse.getByRole('button', { name: /^Activity: 2,/ }).click();
    await nurse.getByRole('button', { name: /^Breathing: 1,/ }).click();
    await poll(() => nurse.getByTestId('score-aldrete-total').textContent()).toBe('✓ 9 of 10');
    // PADSS: oriented with a steady gait, moderate nausea (5 of 6 passes, as the published 9 of 10 does).
    await nurse.getByRole('button', { name: /^Activity and mental status: 2,/ }).click();
    await nurse.getByRole('button', { name: /^Pain and\/or nausea: 1,/ }).click();
    await poll(() => nurse.getByTestId('score-padss-total').textContent()).toBe('✓ 5 of 6');
    await poll(() => nurse.getByTestId('discharge-item-minimum_observation').textContent()).toContain(
      'of 90 min elapsed since dose 2 (im)',
    );
    for (const itemId of ['responsible_adult', 'instructions_given'])
      await send(staff.nurse, 'checklist.tick', { sessionId, checklist: 'discharge', itemId });
    await send(staff.therapist, 'checklist.tick', {
      sessionId,
      checklist: 'discharge',
      itemId: 'integration_booked',
      date: clock.now() + 3 * 24 * 60 * MINUTE_MS,
    });
    // Clinically ready now; only the minimum from the second dose holds the patient.
    await poll(() => nurse.getByTestId('rems-ready').textContent()).toMatch(/— 8\d min after the first device/);
    const panel = nurse.locator('section[aria-labelledby="discharge-title"]');
    await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'discharge-panel-two-doses-waiting.png') });
    expect(await nurse.getByTestId('discharge-blocked').textContent()).toContain('Minimum observation time (90 min from dose 2 (im))');

    // 90 minutes after the second dose: a fresh blood pressure, the server judges the patient ready, the nurse discharges.
    jumpMs += 80 * MINUTE_MS;
    await nurse.reload();
    await live(nurse);
    await recordVitals(nurse, ['124', '78', '74', '98', '14']);
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Ready for discharge');
    await poll(() => nurse.getByTestId('discharge-summary').textContent()).toContain('Every discharge item holds');
    await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'discharge-panel-two-doses-ready.png') });
    await nurse.getByRole('button', { name: 'Discharge the patient' }).click();
    await poll(() => nurse.getByTestId('phase').textContent()).toBe('Discharged');
    await poll(() => nurse.getByTestId('rems-total').textContent()).toMatch(/^16\d min/);
    await nurse.getByTestId('closed-record').screenshot({ path: path.join(SCREENSHOT_DIR, 'discharge-record-two-doses.png') });
    const state = await app.vigil.sessions.getState(sessionId);
    expect(state?.doses.map((dose) => dose.doseMg)).toEqual([35, 35]);
    expect(state?.discharge).toMatchObject({ disposition: 'home', override: null, failingItemIds: [] });
  });
});
