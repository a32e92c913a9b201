import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../shared/session/events';
import { foldSessionEvents } from '../../shared/session/reducer';
import { screenshot, goToPage } from '../support/browser';
import { useChromiumAndServer } from './support/chromiumAndServer';
import { openTestSession } from '../support/server';
import { connectMllp, mllpFrame, msa } from '../server/devices/mllpClient';
import { monitorMessage } from '../server/devices/messages';
import { findDevice } from '../../server/store/devices';

const MONITOR = '0011223344556677';

describe('devices in the browser (Chromium)', () => {
  const app = useChromiumAndServer({ hl7Port: 0, hl7Allow: ['127.0.0.0/8'] });
  let sessionId: string;

  const openPage = (username: string, viewport = { width: 1280, height: 900 }) => app.signedInPage(username, { viewport });

  /** A bedside monitor (or a host playing one, from `localAddress`) sends one ORU^R01 over MLLP; resolves with the ACK. */
  async function monitorSends(
    controlId: string,
    values: { systolic: number; diastolic: number; heartRate: number; spo2: number; respiratoryRate: number },
    localAddress?: string,
  ) {
    const client = await connectMllp(app.vigil.hl7!.port, { localAddress });
    try {
      await client.send(mllpFrame(monitorMessage({ controlId, observedAt: app.vigil.clock.now() - 20_000, values })));
      return msa(await client.nextAck());
    } finally {
      client.close();
    }
  }

  const deviceReadings = async () =>
    (await app.vigil.sessions.eventsAfter(sessionId, 0)).filter(
      (e): e is Extract<SessionEvent, { type: 'vitals.recorded' }> => e.type === 'vitals.recorded' && e.actor.kind === 'device',
    );

  beforeAll(async () => {
    sessionId = await openTestSession(app.vigil, 'room-1');
  });

  it("an admin approves a new monitor into its room (its held reading goes to the session), sees a forgery refused with its source address; the nurse sees and confirms the monitor's next reading", async () => {
    // A monitor nobody has registered sends first: it waits for approval, its reading kept out of every record.
    expect(await monitorSends('B-1', { systolic: 131, diastolic: 83, heartRate: 77, spo2: 97, respiratoryRate: 15 })).toMatchObject({
      code: 'AA',
      controlId: 'B-1',
    });
    expect(await deviceReadings()).toHaveLength(0);

    const admin = await openPage('admin');
    await goToPage(admin, 'Devices');
    await admin.waitForURL((url) => url.pathname === '/devices');
    const pending = admin.getByTestId('pending-device').filter({ hasText: MONITOR });
    await expect.poll(() => pending.textContent(), { timeout: 10_000 }).toContain('Sent from127.0.0.1');
    await expect.poll(() => admin.getByTestId('unassigned-reading').textContent()).toContain('The device is waiting for approval');

    // Approved into Room 1 with a name: the held reading goes to the room's running session.
    await pending.getByLabel('Name').fill('Bedside monitor 1');
    await pending.getByLabel('Room').selectOption({ label: 'Room 1' });
    await pending.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await deviceReadings()).length, { timeout: 10_000 }).toBe(1);
    const card = admin.getByTestId('device').filter({ hasText: 'Bedside monitor 1' });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('HL7 monitor from 127.0.0.1');
    await expect.poll(() => admin.getByTestId('unassigned-reading').count()).toBe(0);

    // A host elsewhere on the network sends a crisis reading in the monitor's name: refused, and the admin sees from where.
    expect(
      await monitorSends('FORGED', { systolic: 231, diastolic: 121, heartRate: 151, spo2: 97, respiratoryRate: 14 }, '127.0.0.2'),
    ).toMatchObject({ code: 'AR' });
    expect(await deviceReadings()).toHaveLength(1);
    await admin.reload();
    const refused = admin.getByTestId('security-event').first();
    await expect.poll(() => refused.textContent(), { timeout: 10_000 }).toContain('127.0.0.2');
    expect(await refused.textContent()).toContain(`Device ${MONITOR} does not send from 127.0.0.2`);
    await expect.poll(() => card.textContent()).toContain('⚠ Refused a message from 127.0.0.2');
    await admin.getByRole('heading', { name: /Refused messages/ }).scrollIntoViewIfNeeded();
    await screenshot(admin, 'devices-refused-forgery');

    // The nurse watches the session; the monitor's next message arrives on the page, marked "device".
    const nurse = await openPage('nurse');
    // A second screen of the room: the prescriber's tablet.
    const tablet = await openPage('prescriber', { width: 768, height: 1024 });
    for (const page of [nurse, tablet]) {
      await page.goto(`${app.vigil.url}/sessions/${sessionId}`);
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('Live');
    }
    expect(await monitorSends('B-2', { systolic: 142, diastolic: 91, heartRate: 88, spo2: 96, respiratoryRate: 16 })).toMatchObject({
      code: 'AA',
      controlId: 'B-2',
    });
    const row = nurse.getByTestId('reading').filter({ hasText: '142/91' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('device');
    expect(await row.textContent()).toContain('Bedside monitor 1');
    expect(await row.textContent()).toContain('from 127.0.0.1');

    await row.getByRole('button', { name: /^Confirm the device reading/ }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/✓ Confirmed by Test nurse, \d\d:\d\d/);
    expect(await row.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    await screenshot(nurse, 'device-reading-confirmed');
    // The other screen shows who confirmed it, live, and no longer offers Confirm.
    const tabletRow = tablet.getByTestId('reading').filter({ hasText: '142/91' });
    await expect.poll(() => tabletRow.textContent(), { timeout: 10_000 }).toMatch(/✓ Confirmed by Test nurse, \d\d:\d\d/);
    expect(await tabletRow.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    await tabletRow.scrollIntoViewIfNeeded();
    await screenshot(tablet, 'device-reading-confirmed-tablet');

    const state = foldSessionEvents(await app.vigil.sessions.eventsAfter(sessionId, 0))!;
    const confirmed = state.readings.find((r) => r.vitals.systolicMmHg === 142)!;
    expect(confirmed.recordedBy).toMatchObject({ kind: 'device', deviceId: (await findDevice(app.vigil.store.db, MONITOR))?.record_id });
    expect(confirmed.confirmedBy).toMatchObject({ kind: 'user', userId: 'u-nurse' });
    // The reading approved with the device is there too, not yet confirmed.
    expect(state.readings.find((r) => r.vitals.systolicMmHg === 131)?.confirmedBy).toBeUndefined();
  }, 60_000);

  it('other roles see the registry read-only and have no Devices link', async () => {
    const therapist = await openPage('therapist');
    expect(await therapist.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).count()).toBe(0);
    await therapist.goto(`${app.vigil.url}/devices`);
    await expect.poll(() => therapist.getByText(/Read-only: only an admin can change devices/).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => therapist.getByTestId('device').count()).toBeGreaterThan(0);
    expect(await therapist.getByRole('button', { name: /Save room|Rename|gateway key|Assign|Add device/ }).count()).toBe(0);
  }, 30_000);
});
