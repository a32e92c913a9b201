import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findOpenAlarm } from '../../shared/alerts/selectors';
import path from 'node:path';
import { screenshot, SCREENSHOT_DIR, goToPage } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { addRoomsUpTo, clientPool, dosedSession, MINUTE_MS, send, stored } from '../server/lifecycle/lifecycleClients';
import { settableClock } from '../support/settableClock';

const ROOM_COUNT = 12;
const ALARM_ROOM = 'room-9';

describe("the prescriber's board at 1920x1080 with 12 live rooms (Chromium)", () => {
  const app = useChromiumAndServer({}, settableClock());
  const pool = clientPool(() => app.vigil);
  const sessionByRoom = new Map<string, string>();
  let feeding: ReturnType<typeof setInterval> | null = null;

  beforeAll(async () => {
    await addRoomsUpTo(app.vigil, ROOM_COUNT);
    const staff = await pool.staff();
    const start = app.vigil.clock.now();
    for (let index = 1; index <= ROOM_COUNT; index += 1) {
      const roomId = `room-${index}`;
      sessionByRoom.set(
        roomId,
        (await dosedSession(staff, start - (10 + index) * MINUTE_MS, roomId, 'spravato-56', app.vigil.clock)).sessionId,
      );
    }
    // Live rooms: a vital set in every room every 400 ms (values near each patient's baseline).
    let round = 0;
    feeding = setInterval(() => {
      round += 1;
      for (const [roomId, sessionId] of sessionByRoom) {
        if (roomId === ALARM_ROOM && round > 3) continue;
        const vitals = {
          systolicMmHg: 120 + ((round + roomId.length) % 12),
          diastolicMmHg: 78 + (round % 5),
          heartRateBpm: 68 + (round % 9),
          spo2Percent: 97,
          respiratoryRatePerMin: 14,
        };
        void send(staff.nurse, 'vitals.record', { sessionId, observedAt: app.vigil.clock.now(), vitals });
      }
    }, 400);
  }, 60_000);

  afterAll(async () => {
    if (feeding) clearInterval(feeding);
    pool.closeAll();
  });

  const tiles = (page: Page) => page.getByTestId('board-tile');
  const firstRoomId = (page: Page) => tiles(page).first().getAttribute('data-room-id');

  it('a high alarm moves its tile first and flashes; acknowledging from the board owns it everywhere', async () => {
    const page = await app.signedInPage('prescriber', { viewport: { width: 1920, height: 1080 } });
    await goToPage(page, 'Board');
    await page.waitForURL('**/board');
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(ROOM_COUNT);
    // Readings arrive live on the tiles.
    await expect.poll(() => page.getByTestId('tile-trend').count(), { timeout: 10_000 }).toBe(ROOM_COUNT);

    // 12 rooms fit without scrolling.
    const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, view: window.innerHeight }));
    expect(size.scroll).toBeLessThanOrEqual(size.view);
    const lastTile = await tiles(page).last().boundingBox();
    expect(lastTile!.y + lastTile!.height).toBeLessThanOrEqual(1080);

    // A high pressure in room 9, measured twice.
    const nurse = await pool.client('nurse');
    const sessionId = sessionByRoom.get(ALARM_ROOM)!;
    for (let i = 0; i < 2; i += 1) {
      stored(
        await send(nurse, 'vitals.record', {
          sessionId,
          observedAt: app.vigil.clock.now(),
          vitals: { systolicMmHg: 192, diastolicMmHg: 104, heartRateBpm: 96, spo2Percent: 97, respiratoryRatePerMin: 16 },
        }),
      );
    }
    await expect.poll(() => firstRoomId(page), { timeout: 10_000 }).toBe(ALARM_ROOM);
    const first = tiles(page).first();
    expect(await first.getAttribute('data-need')).toBe('high_alarm');
    // The tile names the alarming parameter and value, and says priority, age and state in words.
    expect(await first.getByTestId('tile-alarm-what').textContent()).toBe('Systolic 192 mmHg');
    expect(await first.getByTestId('tile-alarm').textContent()).toMatch(/High priority · (just now|\d+ min ago) · not acknowledged/);
    expect(await first.getByTestId('tile-alarm').textContent()).toContain('***');
    expect(await first.getAttribute('aria-label')).toMatch(/High priority alarm, not acknowledged/);
    const animation = await first.evaluate((element) => getComputedStyle(element).animationName);
    expect(animation).toBe('board-flash-high');
    await screenshot(page, 'board-12-rooms');

    // Reduced motion: no flashing, a strong border and the words stay.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const still = await first.evaluate((element) => ({
      animation: getComputedStyle(element).animationName,
      border: getComputedStyle(element).borderTopWidth,
    }));
    expect(still.animation).toBe('none');
    expect(still.border).toBe('8px');
    await page.emulateMedia({ reducedMotion: 'no-preference' });

    // The room page on another screen sounds the same alarm.
    const roomScreen = await app.signedInPage('nurse', { viewport: { width: 1400, height: 900 } });
    await roomScreen.goto(`${app.vigil.url}/sessions/${sessionId}`);
    await expect.poll(() => roomScreen.getByTestId('alarm-row').first().textContent(), { timeout: 10_000 }).toContain('Systolic 192');
    // Waiting for someone: active, or latched if the pressure has already come down.
    await expect
      .poll(() =>
        roomScreen
          .getByTestId('alarm-row')
          .filter({ hasText: 'Systolic 192' })
          .getByRole('button', { name: /^Acknowledge: / })
          .count(),
      )
      .toBe(1);
    await expect.poll(() => roomScreen.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('high');

    // Acknowledge from the tile with the keyboard ("a").
    await first.focus();
    await page.keyboard.press('a');
    await expect
      .poll(
        async () => {
          const state = await app.vigil.sessions.getState(sessionId);
          return state!.alarms.filter((a) => a.priority === 'high' && a.status !== 'cleared').every((a) => a.acknowledgedAt !== null);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const state = await app.vigil.sessions.getState(sessionId);
    const acknowledged = state!.alarms.find((a) => a.priority === 'high')!;
    expect(findOpenAlarm(state!, acknowledged.alarmId)?.acknowledgedBy?.displayName).toBe('Test prescriber');
    // The tile stops flashing and says who owns it; the room no longer ranks as an alarm nobody owns
    // (still above quiet rooms while its condition is present: "alarm_present").
    const tile = page.locator(`[data-room-id="${ALARM_ROOM}"]`);
    await expect.poll(() => tile.getByTestId('tile-alarm').textContent(), { timeout: 10_000 }).toContain('acknowledged');
    expect(await tile.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
    await expect.poll(() => tile.getAttribute('data-need'), { timeout: 10_000 }).toMatch(/^(alarm_present|in_session)$/);

    // The room page sees who acknowledged it and stops repeating the sound.
    // (A still-present condition shows "Acknowledged by"; a latched one closes on acknowledgement.)
    await expect.poll(() => roomScreen.getByRole('button', { name: /^Acknowledge: / }).count(), { timeout: 10_000 }).toBe(0);
    const rows = await roomScreen.getByTestId('alarm-row').allTextContents();
    for (const row of rows) expect(row).toContain('Acknowledged by Test prescriber');
    await expect.poll(() => roomScreen.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('none');
    await screenshot(roomScreen, 'board-acknowledged-room-page');
    const watch = await roomScreen.evaluate(async () => (await fetch('/api/rooms')).json());
    const summary = (watch as { rooms: { roomId: string; session: { unacknowledgedAlarmIds: string[] } | null }[] }).rooms.find(
      (r) => r.roomId === 'room-9',
    );
    expect(summary?.session?.unacknowledgedAlarmIds).toEqual([]);
  }, 90_000);

  it.each([
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ])(
    'at $width px every tile names its alarm in full and no phase badge overflows its tile',
    async ({ width, height }) => {
      const page = await app.signedInPage('prescriber', { viewport: { width, height } });
      await page.goto(`${app.vigil.url}/board`);
      await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(ROOM_COUNT);
      const tile = page.locator(`[data-room-id="${ALARM_ROOM}"]`);
      await expect.poll(() => tile.getByTestId('tile-alarm-what').textContent(), { timeout: 10_000 }).toBe('Systolic 192 mmHg');
      expect(await tile.getByTestId('tile-alarm').textContent()).toMatch(/High priority · (just now|\d+ min ago) · /);
      // Nothing of the parameter or the words is cut: no clipped text in the alarm line.
      const clipped = await tile
        .getByTestId('tile-alarm')
        .evaluate((line) =>
          [...line.querySelectorAll<HTMLElement>('.tile-alarm-what, .tile-alarm-meta')].some(
            (part) => part.scrollWidth > part.clientWidth + 1 || part.scrollHeight > part.clientHeight + 1,
          ),
        );
      expect(clipped).toBe(false);
      const overflowing = await page.evaluate(
        () =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="board-tile"]')].filter((body) => {
            const badge = body.querySelector('.tile-phase');
            if (!badge) return false;
            const outer = body.getBoundingClientRect();
            const inner = badge.getBoundingClientRect();
            return inner.right > outer.right + 0.5 || inner.left < outer.left - 0.5 || inner.bottom > outer.bottom + 0.5;
          }).length,
      );
      expect(overflowing).toBe(0);
      await tile.scrollIntoViewIfNeeded();
      await tile.screenshot({ path: path.join(SCREENSHOT_DIR, `board-tile-alarm-${width}.png`) });
      await screenshot(page, `board-${width}`);
    },
    60_000,
  );

  it('Enter opens the focused room and Back returns to the board with focus on the same tile; arrows move by row', async () => {
    const page = await app.signedInPage('prescriber', { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.vigil.url}/board`);
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(ROOM_COUNT);
    await page.getByRole('checkbox', { name: 'Fixed room order' }).check();
    await expect.poll(() => firstRoomId(page)).toBe('room-1');
    await tiles(page).first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    // Four columns at 1920 px: down from room 1 is room 5, right is room 6.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-room-id'))).toBe('room-6');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/sessions/${sessionByRoom.get('room-6')}`);
    await page.goBack();
    await page.waitForURL('**/board');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-room-id')), { timeout: 10_000 }).toBe('room-6');
    // The fixed order is kept for the wall screen across reloads.
    await page.reload();
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(ROOM_COUNT);
    expect(await page.getByRole('checkbox', { name: 'Fixed room order' }).isChecked()).toBe(true);
  }, 60_000);

  it('reflows on a laptop and a tablet without sideways scrolling', async () => {
    const page = await app.signedInPage('prescriber', { viewport: { width: 1366, height: 768 } });
    await page.goto(`${app.vigil.url}/board`);
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(ROOM_COUNT);
    expect(await page.getByRole('list', { name: /Rooms/ }).getAttribute('data-columns')).toBe('3');
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(await sideways()).toBe(false);
    await screenshot(page, 'board-laptop');
    await page.setViewportSize({ width: 768, height: 1024 });
    await expect.poll(() => page.getByRole('list', { name: /Rooms/ }).getAttribute('data-columns')).toBe('2');
    expect(await sideways()).toBe(false);
    // Large numerals stay large on the tablet.
    const fontSize = await tiles(page)
      .first()
      .locator('.tile-numeral-large')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(40);
    await screenshot(page, 'board-tablet');
  }, 60_000);
});
