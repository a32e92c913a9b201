import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClock } from '../../server/clock';
import { poll, screenshot } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { clientPool, preDoseTicks, send, stored, type Staff } from '../server/lifecycle/lifecycleClients';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Three weekly sessions of one patient: PHQ-9 and GAD-7 falling from severe to minimal. */
const SERIES = [
  { phq9: [3, 3, 3, 3, 2, 2, 2, 2, 0], gad7: [3, 3, 2, 2, 2, 2, 1], peakSystolic: 186, nausea: true },
  { phq9: [2, 2, 2, 1, 1, 1, 1, 2, 0], gad7: [2, 2, 1, 1, 1, 1, 1], peakSystolic: 150, nausea: false },
  { phq9: [1, 1, 0, 1, 1, 0, 0, 0, 0], gad7: [1, 1, 1, 0, 0, 0, 0], peakSystolic: 140, nausea: false },
] as const;

/**
 * A patient walked through three sessions in Chromium: the nurse opens each from the clinic
 * page (registering the patient the first time, choosing them after), the therapist records
 * PHQ-9 and GAD-7 on the session page, the rest of each session (checklist, dose, readings,
 * sedation, dissociation, the end) comes from the staff's sockets; before the second dose the
 * nurse sees the last session with its reminder; the patient page shows the series, response and
 * remission, and the progress charts (screenshot).
 */
describe('a patient across three sessions with questionnaires (Chromium)', () => {
  let jumpMs = 0;
  const clock = createClock(1, 0, () => Date.now() + jumpMs);
  const app = useChromiumAndServer({}, clock);
  const pool = clientPool(() => app.vigil);

  afterAll(async () => {
    pool.closeAll();
  });

  async function answer(page: Page, name: 'PHQ-9' | 'GAD-7', answers: readonly number[]) {
    await page.getByRole('button', { name: `Ask ${name}` }).click();
    const form = page.getByRole('form', { name });
    for (const [index, value] of answers.entries()) {
      await form
        .getByRole('radiogroup', { name: `${name} item ${index + 1}` })
        .getByRole('radio', { name: new RegExp(`\\(${value}\\)$`) })
        .click();
    }
    await form.getByRole('button', { name: `Record ${name}` }).click();
  }

  /** The rest of a session from the staff's sockets: checklist, baseline, dose, a rise, sedation, dissociation, then the end. */
  async function runSession(staff: Staff, sessionId: string, plan: (typeof SERIES)[number]) {
    for (const { itemId, by } of preDoseTicks) {
      stored(await send(staff[by as keyof Staff], 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId }));
    }
    const vitals = { heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId,
        observedAt: clock.now(),
        vitals: { systolicMmHg: 126, diastolicMmHg: 80, ...vitals },
      }),
    );
    jumpMs += MINUTE_MS;
    const dose = { drug: 'esketamine', route: 'intranasal', lotNumber: 'L-1', doseMg: 56, deviceCount: 2 };
    stored(await send(staff.nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...dose }));
    jumpMs += 20 * MINUTE_MS;
    const peak = { systolicMmHg: plan.peakSystolic, diastolicMmHg: 96, ...vitals };
    stored(await send(staff.nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: peak }));
    stored(
      await send(staff.therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation: { kind: 'moaas', score: 4 } }),
    );
    const cadss = { kind: 'cadss6', itemScores: [2, 1, 1, 1, 0, 0] };
    stored(await send(staff.therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation: cadss }));
    if (plan.nausea) {
      const nausea = { kind: 'nausea', vomiting: true };
      stored(await send(staff.therapist, 'observation.record', { sessionId, observedAt: clock.now(), observation: nausea }));
    }
    // The integration session booked for three days later (the discharge checklist's dated item).
    const booking = { checklist: 'discharge', itemId: 'integration_booked', date: clock.now() + 3 * DAY_MS };
    stored(await send(staff.therapist, 'checklist.tick', { sessionId, ...booking }));
    // Dosed, so the session closes by a discharge: here the patient leaves before the criteria hold.
    const leave = { disposition: 'against_advice', dispositionReason: 'Series test: the session ends here' };
    stored(await send(staff.nurse, 'session.discharge', { sessionId, ...leave }));
  }

  it('registers, links, scores and charts the series', async () => {
    const staff: Staff = await pool.staff();
    const nurse = await app.screen('nurse', 1400, 1000);
    const therapist = await app.screen('therapist', 1024, 1366);
    let patientId = '';

    for (const [index, plan] of SERIES.entries()) {
      await nurse.goto(`${app.vigil.url}/`);
      await poll(() => nurse.getByTestId('connection').textContent()).toContain('Live');
      await nurse.getByRole('button', { name: 'Open a session in Room 1' }).click();
      const patient = nurse.getByRole('combobox', { name: 'Patient' });
      if (index === 0) {
        await patient.selectOption({ label: 'New patient…' });
        await nurse.getByRole('textbox', { name: /Patient alias/ }).fill('C-3001');
        await nurse.getByRole('textbox', { name: /Year of birth/ }).fill('1980');
      } else {
        await poll(() => patient.locator('option', { hasText: 'C-3001 (born 1980)' }).count()).toBe(1);
        await patient.selectOption({ label: 'C-3001 (born 1980)' });
      }
      await nurse.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'Spravato 56 mg intranasal' });
      await nurse.getByRole('button', { name: 'Open session' }).click();
      await nurse.waitForURL('**/sessions/**');
      const sessionId = nurse.url().split('/sessions/')[1]!;
      await poll(async () => (await app.vigil.sessions.getState(sessionId))?.patientId ?? null).not.toBeNull();
      const opened = (await app.vigil.sessions.getState(sessionId))!;
      if (index === 0) patientId = opened.patientId!;
      expect(opened).toMatchObject({ patientId, patientAlias: 'C-3001' });

      // Before the dose, the nurse sees the last session; after session 1 (a high alarm and vomiting) with a reminder.
      const last = nurse.getByTestId('last-session');
      if (index === 0) await poll(() => last.textContent()).toContain('first session');
      if (index === 1) {
        await poll(() => last.textContent()).toContain('Last session had 1 high-priority alarm');
        expect(await last.textContent()).toContain('Nausea with vomiting');
        expect(await last.textContent()).toContain('esketamine 56 mg intranasal');
        await screenshot(nurse, 'series-last-session-reminder');
      }
      if (index === 2) {
        await poll(() => last.textContent()).toContain('Systolic +24 mmHg');
        expect(await last.getByRole('alert').count()).toBe(0);
      }

      await therapist.goto(`${app.vigil.url}/sessions/${sessionId}`);
      await answer(therapist, 'PHQ-9', plan.phq9);
      await answer(therapist, 'GAD-7', plan.gad7);
      const phq9Total = plan.phq9.reduce<number>((a, b) => a + b, 0);
      await poll(() => therapist.getByTestId('questionnaire-results').textContent()).toContain(`PHQ-9 ${phq9Total}`);
      await poll(async () => (await app.vigil.sessions.getState(sessionId))?.questionnaires.length).toBe(2);

      await runSession(staff, sessionId, plan);
      jumpMs += 7 * DAY_MS;
    }

    // The patient page: three sessions, response and remission at the third, the charts.
    await therapist.goto(`${app.vigil.url}/patients/${patientId}`);
    const rows = therapist.getByTestId('series-row');
    await poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('20 Severe');
    expect(await rows.nth(0).textContent()).toContain('Nausea with vomiting');
    expect(await rows.nth(0).textContent()).toContain('1 high');
    expect(await rows.nth(1).textContent()).toContain('12 Moderate');
    expect(await rows.nth(2).textContent()).toMatch(/4 Minimal.*✓ Response.*✓ Remission/);
    expect(await rows.nth(2).textContent()).toContain('3 Minimal');
    // The first integration appointment was attended: the therapist marks it.
    expect(await rows.nth(0).getByTestId('integration').textContent()).toContain('Booked for');
    await rows.nth(0).getByRole('button', { name: 'Mark attended' }).click();
    await poll(() => rows.nth(0).getByTestId('integration').textContent()).toContain('✓ Attended');
    const charts = therapist.getByTestId('progress-charts');
    await poll(() => charts.locator('svg .recharts-line-dot').count()).toBe(6);
    expect(await therapist.getByTestId('progress-phq9').textContent()).toContain('Moderately severe');
    await charts.scrollIntoViewIfNeeded();
    await screenshot(therapist, 'series-progress-charts');
  });
});
