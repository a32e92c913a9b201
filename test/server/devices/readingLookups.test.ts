import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { addressesColumn, updateDevice } from '../../../server/store/devices';
import { httpAs, openTestSession, signIn, startTestServer, registerLocalMonitor } from '../../support/server';
import { DIALECTS, storesPerTest, type StorePlace } from '../../support/stores';
import { connectMllp, mllpFrame, msa } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

const MONITOR = '0011223344556677';

/**
 * A reading is looked up once, on the store, before it is routed (its waiting-list copy and its
 * session copy in one statement) and its device is read from the store for every message: a
 * resend is recognised wherever the first copy went, and a binding another process changed
 * applies to the very next message.
 */
describe('what a reading is checked against', () => {
  let vigil: Vigil | null = null;
  afterEach(async () => {
    await vigil?.close();
    vigil = null;
  });
  // After the server's hook, so the other processes' stores close before the server, as they did.
  const stores = storesPerTest('lookups');

  async function start(settings: Partial<StorePlace>) {
    const started = await startTestServer({ hl7Port: 0, ...settings });
    vigil = started;
    const cookie = await signIn(started, 'admin');
    await registerLocalMonitor(started, cookie, { deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-2' });
    return { vigil: started, cookie };
  }

  async function send(server: Vigil, message: Buffer) {
    const client = await connectMllp(server.hl7!.port);
    try {
      await client.send(message);
      return msa(await client.nextAck());
    } finally {
      client.close();
    }
  }

  it('a reading kept unassigned (no session yet) and resent once a session is open is stored once, in the waiting list', async () => {
    const { vigil: server, cookie } = await start({});
    const message = mllpFrame(monitorMessage({ controlId: 'BEFORE-OPEN', observedAt: server.clock.now() - 5_000, values: normalValues }));
    expect((await send(server, message)).code).toBe('AA');
    const sessionId = await openTestSession(server, 'room-2');

    // The ACK was lost: the monitor sends the same message again, now that its room has a session.
    expect((await send(server, message)).code).toBe('AA');
    const vitals = (await server.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded');
    expect(vitals).toEqual([]);
    const waiting = (await httpAs(server, cookie, 'GET', '/api/unassigned-readings')).body.readings as { reason: string }[];
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.reason).toMatch(/No session is open in room-2/);

    // A new reading from the same monitor goes to the session.
    const next = mllpFrame(monitorMessage({ controlId: 'AFTER-OPEN', observedAt: server.clock.now() - 1_000, values: normalValues }));
    expect((await send(server, next)).code).toBe('AA');
    await expect
      .poll(async () => (await server.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded').length)
      .toBe(1);
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: a device rebound or moved by another process is judged by its new binding on the next message`, async () => {
      const place = await stores.place(dialect);
      const { vigil: server, cookie } = await start(place);
      const sessionId = await openTestSession(server, 'room-2');
      const observedAt = server.clock.now() - 5_000;
      const message = (controlId: string) => mllpFrame(monitorMessage({ controlId, observedAt, values: normalValues }));
      expect((await send(server, message('BOUND'))).code).toBe('AA');

      // Another process on the same store: the monitor now belongs in no room, then elsewhere on the network.
      const other = await stores.open(place);
      await updateDevice(other.db, MONITOR, { room_id: null });
      expect((await send(server, message('UNROOMED'))).code).toBe('AA');
      const waiting = (await httpAs(server, cookie, 'GET', '/api/unassigned-readings')).body.readings as { reason: string }[];
      expect(waiting.map((reading) => reading.reason)).toEqual([expect.stringMatching(/not assigned to a room/)]);

      await updateDevice(other.db, MONITOR, { addresses: addressesColumn(['10.9.9.9']) });
      const refused = await send(server, message('MOVED'));
      expect(refused.code).toBe('AR');
      const vitals = (await server.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded');
      expect(vitals).toHaveLength(1);
    });
  }
});
