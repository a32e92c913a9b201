import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { httpAs, openTestSession, signIn, startTestServer } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues, type RowName } from './messages';

/** Two monitors bound in two rooms, each from its own loopback address. */
const ROOM_1_MONITOR = { deviceId: '00A1A1A1A1A1A1A1', address: '127.0.0.11', roomId: 'room-1' };
const ROOM_2_MONITOR = { deviceId: '00B2B2B2B2B2B2B2', address: '127.0.0.21', roomId: 'room-2' };
const hypertensive = { ...normalValues, systolic: 188, diastolic: 101 };

/**
 * An HL7 reading is known by the device it was admitted as, its control id and its content:
 * MSH-3, MSH-4 and MSH-10 are text any sender writes, and a reading must never be acknowledged
 * as "stored before" because another monitor's message, or an earlier one of its own, carried
 * the same words.
 */
describe('HL7 reading ids: a resend is stored once, and nothing else is taken for it', () => {
  let vigil: Vigil;
  let sessions: Record<string, string>;
  const clients: MllpTestClient[] = [];

  async function start() {
    vigil = await startTestServer({ hl7Port: 0, hl7Allow: ['127.0.0.0/8'] });
    sessions = { 'room-1': await openTestSession(vigil, 'room-1'), 'room-2': await openTestSession(vigil, 'room-2') };
    const admin = await signIn(vigil, 'admin');
    for (const monitor of [ROOM_1_MONITOR, ROOM_2_MONITOR]) {
      const created = await httpAs(vigil, admin, 'POST', '/api/devices', {
        deviceId: monitor.deviceId,
        name: `Monitor ${monitor.roomId}`,
        roomId: monitor.roomId,
        addresses: [monitor.address],
      });
      expect(created.status).toBe(201);
    }
  }

  async function send(
    from: { deviceId: string; address: string },
    controlId: string,
    values: Partial<Record<RowName, number>>,
    observedAt = vigil.clock.now() - 10_000,
  ) {
    const client = await connectMllp(vigil.hl7!.port, { localAddress: from.address });
    clients.push(client);
    // Every monitor here names itself the same way in MSH-3 and MSH-4: only OBX-18 tells them apart.
    await client.send(mllpFrame(monitorMessage({ controlId, equipmentId: from.deviceId, observedAt, values })));
    return msa(await client.nextAck());
  }

  const systolics = async (roomId: string) =>
    (await vigil.sessions.eventsAfter(sessions[roomId]!, 0))
      .filter((event) => event.type === 'vitals.recorded')
      .map((event) => (event.payload as { vitals: { systolicMmHg?: number } }).vitals.systolicMmHg);

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await vigil?.close();
  });

  it("two monitors that number their messages alike each have their reading stored, in their own room's session", async () => {
    await start();
    expect(await send(ROOM_1_MONITOR, 'MSG-1', { ...normalValues, systolic: 121 })).toMatchObject({ code: 'AA' });
    expect(await send(ROOM_2_MONITOR, 'MSG-1', { ...normalValues, systolic: 133 })).toMatchObject({ code: 'AA' });
    expect(await systolics('room-1')).toEqual([121]);
    expect(await systolics('room-2')).toEqual([133]);
  });

  it("a stranger sending first under a bound monitor's next control id does not make the monitor's reading look stored", async () => {
    await start();
    // An unknown id from an allowed address is held pending, its reading kept unassigned.
    const stranger = { deviceId: '00EEEEEEEEEEEEEE', address: '127.0.0.50' };
    expect(await send(stranger, 'MSG-NEXT', { ...normalValues, systolic: 90 })).toMatchObject({ code: 'AA' });
    expect(await send(ROOM_1_MONITOR, 'MSG-NEXT', hypertensive)).toMatchObject({ code: 'AA' });
    expect(await systolics('room-1')).toEqual([188]);
  });

  it("a resend is stored once; a restarted monitor's new reading under an old control id is stored as a reading of its own", async () => {
    await start();
    const firstAt = vigil.clock.now() - 120_000;
    expect(await send(ROOM_1_MONITOR, 'MSG-7', { ...normalValues, systolic: 150 }, firstAt)).toMatchObject({ code: 'AA' });
    // The ACK was lost: the same message again.
    expect(await send(ROOM_1_MONITOR, 'MSG-7', { ...normalValues, systolic: 150 }, firstAt)).toMatchObject({ code: 'AA' });
    expect(await systolics('room-1')).toEqual([150]);
    // The monitor restarted and counts from where it began: a minute later, a new reading.
    expect(await send(ROOM_1_MONITOR, 'MSG-7', { ...normalValues, systolic: 160 }, firstAt + 60_000)).toMatchObject({ code: 'AA' });
    expect(await systolics('room-1')).toEqual([150, 160]);
  });
});
