import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { AuditIntent } from '../../../server/store/audit';
import { insertDevice, newDeviceRow, updateDevice } from '../../../server/store/devices';
import { appendSessionEvents, type CommitsWith } from '../../../server/store/events';
import { commandLock, deviceLock, sessionLock } from '../../../server/store/rowLocks';
import type { NewSessionEvent } from '../../../shared/session/events';
import { nurse } from '../../support/events';
import { pgCost, startPgCountingRelay } from '../../support/pgCountingRelay';
import { DATABASE_URL, dropPostgres, freshPostgres } from '../../support/postgres';
import { goodVitals, openTestSession, startTestServer, tempDataDir } from '../../support/server';

const AUDIT: AuditIntent = { action: 'device.reading', userId: null, remoteAddress: null, detail: () => ({}) };

/**
 * A monitor reading's writes as the device path makes them (sessionService `commit` with the
 * device's bookkeeping): its event, its audit row and the device's last-message time, in one
 * group-commit batch.
 */
function storeReading(vigil: Vigil, sessionId: string, commandId: string) {
  const draft = {
    sessionId,
    type: 'vitals.recorded',
    payload: { readingId: commandId, vitals: goodVitals },
    observedAt: vigil.clock.now() - 1000,
    actor: nurse,
    commandId,
  } as NewSessionEvent;
  const bookkeeping: CommitsWith = {
    locks: [deviceLock('MON-1')],
    write: (trx) => updateDevice(trx, 'MON-1', { last_message_at: vigil.clock.now() }),
  };
  return vigil.store.commits.run(
    (trx) => appendSessionEvents(trx, sessionId, [draft], vigil.clock.now(), AUDIT, bookkeeping),
    [sessionLock(sessionId), commandLock(commandId), ...bookkeeping.locks],
  );
}

/**
 * What a batch of readings costs PostgreSQL in round trips, counted on the wire (a relay that
 * reads the protocol): every statement of a batch is one more wait for the server, and one more
 * parse and plan unless it is a named statement already prepared on its connection.
 */
describe('the round trips of a batch of readings', () => {
  const servers: Vigil[] = [];
  const databases: string[] = [];
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const close of closing.splice(0)) await close();
  });
  afterAll(() => dropPostgres(databases));

  async function start(dialect: 'sqlite' | 'postgres') {
    const relay = await startPgCountingRelay(DATABASE_URL);
    closing.push(relay.close);
    const databaseUrl = dialect === 'postgres' ? relay.urlOf(await freshPostgres(databases, 'trips')) : null;
    // No timers: nothing but the test's own batches reaches the store.
    const vigil = await startTestServer({ dataDir: tempDataDir(), databaseUrl }, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    servers.push(vigil);
    await insertDevice(vigil.store.db, newDeviceRow({ deviceId: 'MON-1', name: 'Monitor 1', roomId: 'room-1', kind: 'hl7' }, Date.now()));
    const sessionIds = [await openTestSession(vigil, 'room-1'), await openTestSession(vigil, 'room-2')];
    return { vigil, relay, sessionIds };
  }

  it('postgres: a reading alone takes 7 round trips, and three readings of one tick share one batch of 17', async () => {
    const { vigil, relay, sessionIds } = await start('postgres');
    const [first, second] = sessionIds as [string, string];
    await storeReading(vigil, first, 'warm-up');

    let before = relay.messages();
    await storeReading(vigil, first, 'alone');
    // begin with the batch's locks; the seq taken if the command id is new; the event; the
    // device's time; the audit chain's head; the audit row with the head's new hash; commit.
    expect(pgCost(before, relay.messages()).roundTrips).toBe(7);

    before = relay.messages();
    const batches = vigil.store.commits.stats().batches;
    await Promise.all([storeReading(vigil, first, 'tick-1'), storeReading(vigil, second, 'tick-2'), storeReading(vigil, first, 'tick-3')]);
    expect(vigil.store.commits.stats().batches - batches).toBe(1);
    // begin with the locks (1); a savepoint (1); each command's three statements (9), the next
    // command's savepoint opened with the previous one's release (2); the last release (1); the
    // audit chain's head, the rows with its new hash, commit (3).
    const cost = pgCost(before, relay.messages());
    expect(cost.roundTrips).toBe(17);
    expect(cost.simpleQueries).toEqual(
      new Map([
        ['begin', 1],
        ['savepoint', 1],
        ['release', 3],
        ['commit', 1],
      ]),
    );
    const stored = (await vigil.sessions.eventsAfter(first, 0)).map((event) => event.commandId);
    expect(stored.filter((id) => ['warm-up', 'alone', 'tick-1', 'tick-3'].includes(id))).toEqual(['warm-up', 'alone', 'tick-1', 'tick-3']);
  });

  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`${dialect}: a reading stored again is answered with the stored event, nothing taken; a missing session is an error`, async () => {
      const { vigil, sessionIds } = await start(dialect);
      const [first] = sessionIds as [string];
      const stored = await storeReading(vigil, first, 'reading-1');
      const lastSeq = (await vigil.sessions.eventsAfter(first, 0)).at(-1)!.seq;
      const again = await storeReading(vigil, first, 'reading-1');
      expect(again).toEqual({ events: stored.events, duplicate: true });
      // Nothing stored, and the session's next seq is not used up.
      expect((await vigil.sessions.eventsAfter(first, 0)).at(-1)!.seq).toBe(lastSeq);
      expect((await storeReading(vigil, first, 'reading-2')).events[0]!.seq).toBe(lastSeq + 1);
      await expect(storeReading(vigil, 'no-such-session', 'reading-3')).rejects.toThrow(/Session no-such-session does not exist/);
    });
  }
});
