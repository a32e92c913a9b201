import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { appendSessionEvents } from '../../../server/store/events';
import type { NewSessionEvent } from '../../../shared/session/events';
import { goodVitals, openTestSession, startTestServer, tempDataDir } from '../../support/server';
import { storesPerTest } from '../../support/stores';

const HOUR_MS = 3_600_000;

/**
 * A session's record never goes back in time: an append whose clock is behind the session's last
 * commit (another process's clock, a restart after a clock step) is recorded at that commit's
 * time. The time is kept on the session's row (taken with its seqs), not read from its last event.
 */
describe("an append's recorded time", () => {
  let vigil: Vigil | null = null;
  afterEach(async () => {
    await vigil?.close();
    vigil = null;
  });
  // After the server's hook, so the stores close before the server, as they did.
  const stores = storesPerTest('recorded');

  const reading = (sessionId: string, commandId: string, observedAt: number): NewSessionEvent => ({
    sessionId,
    type: 'vitals.recorded',
    payload: { readingId: commandId, vitals: goodVitals },
    observedAt,
    actor: { kind: 'system', displayName: 'Elsewhere' },
    commandId,
  });

  it('is never before the last commit, also for a session stored before the time was kept on its row', async () => {
    const dataDir = tempDataDir();
    vigil = await startTestServer({ dataDir }, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    const sessionId = await openTestSession(vigil, 'room-1');
    const openedAt = (await vigil.sessions.eventsAfter(sessionId, 0))[0]!.recordedAt;
    const ahead = openedAt + HOUR_MS;
    const first = await appendSessionEvents(vigil.store.db, sessionId, [reading(sessionId, 'r-ahead', openedAt)], ahead);
    expect(first.events[0]!.recordedAt).toBe(ahead);
    // A clock an hour behind that commit.
    const behind = await appendSessionEvents(vigil.store.db, sessionId, [reading(sessionId, 'r-behind', openedAt)], openedAt);
    expect(behind.events[0]!.recordedAt).toBe(ahead);
    await vigil.close();
    vigil = null;

    // A store from before the column: the time is filled from the session's events when it is opened.
    const old = new BetterSqlite3(path.join(dataDir, 'vigil.sqlite'));
    old.prepare('update sessions set last_recorded_at = null').run();
    old.close();
    const store = await stores.open({ dataDir, databaseUrl: null });
    const afterUpgrade = await appendSessionEvents(store.db, sessionId, [reading(sessionId, 'r-upgraded', openedAt)], openedAt);
    expect(afterUpgrade.events[0]!.recordedAt).toBe(ahead);
    const later = ahead + HOUR_MS;
    const moved = await appendSessionEvents(store.db, sessionId, [reading(sessionId, 'r-later', openedAt)], later);
    expect(moved.events[0]!.recordedAt).toBe(later);
  });

  it('PostgreSQL: another process whose clock is behind records at the last commit time', async () => {
    const place = await stores.place('postgres');
    vigil = await startTestServer({ databaseUrl: place.databaseUrl }, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    const sessionId = await openTestSession(vigil, 'room-1');
    const openedAt = (await vigil.sessions.eventsAfter(sessionId, 0))[0]!.recordedAt;
    const ahead = openedAt + HOUR_MS;
    await appendSessionEvents(vigil.store.db, sessionId, [reading(sessionId, 'pg-ahead', openedAt)], ahead);
    const other = await stores.open(place);
    const behind = await appendSessionEvents(other.db, sessionId, [reading(sessionId, 'pg-behind', openedAt)], openedAt);
    expect(behind.events[0]!.recordedAt).toBe(ahead);
  });
});
