import { afterEach, describe, expect, it } from 'vitest';
import { insertDevice, insertUnassigned, lookUpReading, newDeviceRow } from '../../../server/store/devices';
import { insertRoom } from '../../../server/store/rooms';
import { pgCost, startPgCountingRelay } from '../../support/pgCountingRelay';
import { DATABASE_URL } from '../../support/postgres';
import { DIALECTS, storesPerTest } from '../../support/stores';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/**
 * Before a monitor reading is routed, one statement answers where a copy of it is stored already
 * and which sessions are open in its device's room (the running one is among them): one round
 * trip per reading, not two.
 */
describe('a reading’s lookups before it is routed', () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });
  // After the relays' hook, so the stores close before their relays.
  const stores = storesPerTest('lookup');

  for (const dialect of DIALECTS) {
    it(`${dialect}: the stored copy (the waiting list's first) and the room's open sessions, newest first, in one statement`, async () => {
      const relay = await startPgCountingRelay(DATABASE_URL);
      closing.push(relay.close);
      const { dataDir, databaseUrl } = await stores.place(dialect);
      const store = await stores.open({ dataDir, databaseUrl: databaseUrl && relay.urlOf(databaseUrl) });
      await insertRoom(store.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
      await insertRoom(store.db, { roomId: 'room-2', name: 'Room 2', sortOrder: 2 });
      await insertDevice(store.db, newDeviceRow({ deviceId: 'MON-1', name: 'Monitor 1', roomId: 'room-1', kind: 'hl7' }, T0));
      const session = (sessionId: string, roomId: string, openedAt: number, closedAt: number | null = null) => ({
        session_id: sessionId,
        room_id: roomId,
        opened_at: openedAt,
        closed_at: closedAt,
        last_seq: 1,
        last_recorded_at: openedAt,
        patient_alias: 'T.P.',
        protocol_id: 'p',
        protocol_name: 'P',
        patient_id: null,
      });
      await store.db
        .insertInto('sessions')
        .values([
          session('s-older', 'room-1', T0),
          session('s-closed', 'room-1', T0 + 1000, T0 + 2000),
          session('s-newer', 'room-1', T0 + 3000),
          session('s-elsewhere', 'room-2', T0 + 4000),
        ])
        .execute();

      const before = relay.messages();
      expect(await lookUpReading(store.db, 'reading-1', 'room-1')).toEqual({ stored: null, openSessionIds: ['s-newer', 's-older'] });
      if (dialect === 'postgres') expect(pgCost(before, relay.messages()).roundTrips).toBe(1);
      expect(await lookUpReading(store.db, 'reading-1', null)).toEqual({ stored: null, openSessionIds: [] });

      const waiting = { deviceId: 'MON-1', roomId: 'room-1', observedAt: T0, receivedAt: T0, vitals: {}, source: null };
      await insertUnassigned(store.db, { ...waiting, readingId: 'reading-1', reason: 'No session yet' });
      expect(await lookUpReading(store.db, 'reading-1', 'room-2')).toEqual({
        stored: { place: 'unassigned', sessionId: null, reason: 'No session yet' },
        openSessionIds: ['s-elsewhere'],
      });
    });
  }
});
