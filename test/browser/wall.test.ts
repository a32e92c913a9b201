import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { queryAudit } from '../../server/store/auditQuery';
import { COMMANDS } from '../../shared/realtime/commands';
import { screenshot, signInAs } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { connectClient, TEST_PASSWORD } from '../support/server';
import { settableClock } from '../support/settableClock';
import { addRoomsUpTo, clientPool, dosedSession, MINUTE_MS, refusal, send, stored } from '../server/lifecycle/lifecycleClients';

const ROOM_COUNT = 12;
const ALARM_ROOM = 'room-9';
const WALL_NAME = 'Wall by the nurses station';

/**
 * The wall board in Chromium: an admin creates a wall display and its link; a 1920x1080 screen
 * opened with the link shows all 12 rooms without scrolling, key numbers of at least 48 px and
 * the alarm in words; it cannot acknowledge; it stays live across a network loss without a sign-in;
 * revoking it from the People page closes it; every step is in the audit trail.
 */
describe('the wall board at 1920x1080 with a wall display key (Chromium)', () => {
  const app = useChromiumAndServer({}, settableClock());
  const pool = clientPool(() => app.vigil);
  let alarmSessionId = '';
  let admin: Page;
  let wallContext: BrowserContext;
  let wall: Page;
  let link = '';

  beforeAll(async () => {
    await addRoomsUpTo(app.vigil, ROOM_COUNT);
    const staff = await pool.staff();
    const start = app.vigil.clock.now();
    // Eleven rooms in session, one left empty.
    for (let index = 1; index < ROOM_COUNT; index += 1) {
      const { sessionId } = await dosedSession(staff, start - (10 + index) * MINUTE_MS, `room-${index}`, 'spravato-56', app.vigil.clock);
      stored(
        await send(staff.nurse, 'vitals.record', {
          sessionId,
          observedAt: app.vigil.clock.now(),
          vitals: { systolicMmHg: 118 + index, diastolicMmHg: 76, heartRateBpm: 100, spo2Percent: 100, respiratoryRatePerMin: 14 },
        }),
      );
      if (`room-${index}` === ALARM_ROOM) alarmSessionId = sessionId;
    }
    for (let i = 0; i < 2; i += 1) {
      stored(
        await send(staff.nurse, 'vitals.record', {
          sessionId: alarmSessionId,
          observedAt: app.vigil.clock.now(),
          vitals: { systolicMmHg: 192, diastolicMmHg: 104, heartRateBpm: 96, spo2Percent: 97, respiratoryRatePerMin: 16 },
        }),
      );
    }
  }, 90_000);

  afterAll(async () => {
    pool.closeAll();
  });

  it('an admin creates a wall display on the People page; its link is shown once', async () => {
    admin = await app.signedInPage('admin', { viewport: { width: 1400, height: 900 } });
    await admin.goto(`${app.vigil.url}/users`);
    await admin.getByLabel('Where it hangs').fill(WALL_NAME);
    await admin.getByRole('button', { name: 'Create wall display' }).click();
    link = await admin.getByLabel('Wall display link').inputValue();
    expect(link).toMatch(new RegExp(`^${app.vigil.url}/wall#key=[A-Za-z0-9_-]{43}$`));
    await expect.poll(() => admin.getByTestId('wall-display').textContent()).toContain(WALL_NAME);
    const created = await queryAudit(app.vigil.store.db, { action: 'wallDisplay.create' });
    expect(created).toEqual([expect.objectContaining({ userId: 'u-admin', detail: expect.objectContaining({ displayName: WALL_NAME }) })]);
  });

  it('opened with the link, a 1920x1080 screen shows all 12 rooms without scrolling, key numbers >= 48 px, the alarm in words', async () => {
    wallContext = await app.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    wall = await wallContext.newPage();
    await wall.goto(link);
    await expect.poll(() => wall.getByTestId('wall-tile').count(), { timeout: 15_000 }).toBe(ROOM_COUNT);
    await expect.poll(() => wall.getByTestId('wall-connection').textContent(), { timeout: 10_000 }).toContain('Live');
    // The key left the address; the cookie holds the sign-in now.
    expect(new URL(wall.url()).hash).toBe('');
    expect(new URL(wall.url()).pathname).toBe('/wall');
    expect(await wall.locator('.topbar').count()).toBe(0);
    expect(await wall.locator('h1').textContent()).toContain(WALL_NAME);

    await screenshot(wall, 'wall-12-rooms-1920x1080');
    const layout = await wall.evaluate(() => {
      const tiles = [...document.querySelectorAll<HTMLElement>('[data-testid="wall-tile"]')];
      return {
        scrollHeight: document.documentElement.scrollHeight,
        scrollWidth: document.documentElement.scrollWidth,
        lowestTileBottom: Math.max(...tiles.map((tile) => tile.getBoundingClientRect().bottom)),
        clipped: tiles.filter((tile) => tile.scrollHeight > tile.clientHeight + 1 || tile.scrollWidth > tile.clientWidth + 1).length,
        smallestTileHeight: Math.min(...tiles.map((tile) => tile.getBoundingClientRect().height)),
        numberFontsPx: [...document.querySelectorAll<HTMLElement>('.wall-key-number')].map((n) => parseFloat(getComputedStyle(n).fontSize)),
        // A number wider than its tile, or drawn over its neighbour.
        numbersClipped: [...document.querySelectorAll<HTMLElement>('.wall-numbers, .wall-numbers-pair')].filter(
          (row) => row.scrollWidth > row.clientWidth + 1,
        ).length,
        numbersOverlap: [...document.querySelectorAll<HTMLElement>('.wall-numbers-pair')].filter((pair) => {
          const [hr, spo2] = [...pair.querySelectorAll<HTMLElement>('.wall-key-number')].map((n) => n.getBoundingClientRect());
          return hr!.right > spo2!.left;
        }).length,
        columns: document.querySelector('.wall-grid')?.getAttribute('data-columns'),
      };
    });
    expect(layout.scrollHeight).toBeLessThanOrEqual(1080);
    expect(layout.scrollWidth).toBeLessThanOrEqual(1920);
    expect(layout.lowestTileBottom).toBeLessThanOrEqual(1080);
    expect(layout.clipped).toBe(0);
    expect(layout.numbersClipped).toBe(0);
    expect(layout.numbersOverlap).toBe(0);
    expect(layout.columns).toBe('4');
    // The tiles fill the screen: three rows of four share the height under the header.
    expect(layout.smallestTileHeight).toBeGreaterThan(250);
    // 11 rooms in session x BP, HR, SpO2.
    expect(layout.numberFontsPx).toHaveLength(33);
    expect(Math.min(...layout.numberFontsPx)).toBeGreaterThanOrEqual(48);

    // The alarm's parameter and value, its priority and state, in words on the tile (not colour alone).
    const alarmTile = wall.locator(`[data-room-id="${ALARM_ROOM}"]`);
    await expect.poll(() => alarmTile.getByTestId('wall-alarm-what').textContent(), { timeout: 10_000 }).toBe('Systolic 192 mmHg');
    expect(await alarmTile.getByTestId('wall-alarm').textContent()).toMatch(/\*\*\* Systolic 192 mmHg — High priority, not acknowledged/);
    expect(await alarmTile.getByTestId('wall-bp').textContent()).toBe('192/104');
    expect(await alarmTile.evaluate((element) => getComputedStyle(element).animationName)).toBe('wall-flash-high');
    expect(await wall.locator('[data-room-id="room-12"]').textContent()).toContain('Empty');
    // Nothing on the board can be pressed.
    expect(await wall.locator('.wall-grid button, .wall-grid a').count()).toBe(0);

    const used = await queryAudit(app.vigil.store.db, { action: 'auth.signIn' });
    expect(used.filter((row) => row.detail.credential === 'wall_display_key')).toHaveLength(1);
  });

  it("the wall's own sign-in cannot acknowledge: a real client with its cookie is refused, the alarm stays open", async () => {
    const cookie = (await wallContext.cookies()).find((c) => c.name === 'vigil_session')!;
    const socket = await connectClient(app.vigil.url, `${cookie.name}=${cookie.value}`);
    try {
      const state = await app.vigil.sessions.getState(alarmSessionId);
      const alarm = state!.alarms.find((a) => a.priority === 'high')!;
      const answer = refusal(await send(socket, 'alarm.acknowledge', { sessionId: alarmSessionId, alarmId: alarm.alarmId }));
      expect(answer).toMatchObject({ code: 'forbidden', message: COMMANDS['alarm.acknowledge'].refusal });
      expect(
        (await app.vigil.sessions.getState(alarmSessionId))!.alarms.find((a) => a.alarmId === alarm.alarmId)!.acknowledgedBy,
      ).toBeNull();
    } finally {
      socket.disconnect();
    }
    // The page itself has no key for it either: "a" does nothing, the tile still says not acknowledged.
    await wall.keyboard.press('a');
    expect(await wall.locator(`[data-room-id="${ALARM_ROOM}"]`).getByTestId('wall-alarm').textContent()).toContain('not acknowledged');
  });

  it('says plainly when it is not live, and comes back by itself without anyone signing in', async () => {
    const signInsBefore = (await queryAudit(app.vigil.store.db, { action: 'auth.signIn' })).length;
    await wallContext.setOffline(true);
    await expect
      .poll(() => wall.getByTestId('wall-connection').textContent(), { timeout: 10_000 })
      .toMatch(/Not live — no network since \d\d:\d\d — rooms as of/);
    expect(await wall.locator('.wall-tile-offline').count()).toBeGreaterThan(0);
    await wallContext.setOffline(false);
    await expect.poll(() => wall.getByTestId('wall-connection').textContent(), { timeout: 20_000 }).toContain('Live');
    expect(await wall.locator('.wall-tile-offline').count()).toBe(0);
    expect((await queryAudit(app.vigil.store.db, { action: 'auth.signIn' })).length).toBe(signInsBefore);
  });

  it('revoking it on the People page disconnects the open wall screen at once, and is audited', async () => {
    await admin.getByRole('button', { name: `Revoke ${WALL_NAME}` }).click();
    await admin.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => admin.getByTestId('wall-display').textContent()).toContain('Revoked');
    await expect.poll(() => wall.getByTestId('wall-signed-out').textContent(), { timeout: 10_000 }).toContain('revoked');
    expect(await wall.getByTestId('wall-tile').count()).toBe(0);
    const revoked = await queryAudit(app.vigil.store.db, { action: 'wallDisplay.revoke' });
    expect(revoked).toEqual([expect.objectContaining({ userId: 'u-admin', detail: expect.objectContaining({ signInsEnded: 1 }) })]);
    // The link does not work again.
    const again = await (await app.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await again.goto(link);
    await expect.poll(() => again.getByTestId('wall-signed-out').textContent(), { timeout: 10_000 }).toContain('revoked or has expired');
  });
});

describe("a screen's sound settings (Chromium, Web Audio)", () => {
  const app = useChromiumAndServer();

  it('shows "muted" while the browser holds sound back, Enable turns it on, the test tone plays, and the volume survives a reload', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Headless Chromium does not enforce the autoplay policy on Web Audio, so the page's real
    // AudioContexts are held suspended at birth, as a browser does before any gesture (and a
    // tablet does when another app takes the audio); the test keeps a handle on them.
    await context.addInitScript(() => {
      const Real = window.AudioContext;
      const contexts: AudioContext[] = [];
      Object.assign(window, { testAudioContexts: contexts });
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          contexts.push(this);
          void this.suspend();
        }
      };
    });
    const page = await context.newPage();
    await signInAs(page, app.vigil.url, 'prescriber', TEST_PASSWORD);
    await page.goto(`${app.vigil.url}/board`);
    const settings = page.getByTestId('sound-settings');
    await expect.poll(() => settings.getAttribute('data-audio-state'), { timeout: 10_000 }).toBe('suspended');
    expect(await page.getByTestId('sound-muted').textContent()).toMatch(
      /Sound is muted on this screen.*blocking sound \(audio suspended\)/,
    );
    const enable = page.getByRole('button', { name: '♪ Enable sound' });
    expect((await enable.boundingBox())!.height).toBeGreaterThanOrEqual(56);

    await enable.click();
    await expect.poll(() => settings.getAttribute('data-audio-state')).toBe('running');
    expect(await page.getByTestId('sound-muted').count()).toBe(0);
    const realState = () =>
      page.evaluate(() => (window as unknown as { testAudioContexts: AudioContext[] }).testAudioContexts.map((c) => c.state));
    expect(await realState()).toContain('running');

    // Later the tablet suspends audio by itself: the screen says "muted" again at once.
    await page.evaluate(() =>
      Promise.all((window as unknown as { testAudioContexts: AudioContext[] }).testAudioContexts.map((c) => c.suspend())),
    );
    await expect.poll(() => page.getByTestId('sound-muted').count()).toBe(1);

    // The volume: keyboard on the slider, kept on this screen across a reload.
    const slider = page.getByRole('slider', { name: /Volume/ });
    await slider.focus();
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('sound-volume').textContent()).toBe('40%');
    // The test tone is a gesture: it enables sound and plays on the real context (its clock runs).
    await page.getByRole('button', { name: 'Play test tone' }).click();
    await expect.poll(() => settings.getAttribute('data-test-tones')).toBe('1');
    expect(await settings.getAttribute('data-audio-state')).toBe('running');
    expect(await page.getByTestId('test-tone-result').textContent()).toMatch(/Test tone played at \d\d:\d\d \(volume 40%\)/);
    const clock = () =>
      page.evaluate(() =>
        Math.max(...(window as unknown as { testAudioContexts: AudioContext[] }).testAudioContexts.map((c) => c.currentTime)),
      );
    const before = await clock();
    await expect.poll(clock).toBeGreaterThan(before);

    await page.reload();
    await expect.poll(() => page.getByTestId('sound-volume').textContent(), { timeout: 10_000 }).toBe('40%');
    await expect.poll(() => settings.getAttribute('data-audio-state'), { timeout: 10_000 }).toBe('suspended');
    expect(await page.getByTestId('sound-muted').count()).toBe(1);
  });
});
