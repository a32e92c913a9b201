import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { appendSessionEvents } from '../../../server/store/events';
import { readingDraft } from '../../support/drafts';
import { startTestServer, tempDataDir } from '../../support/server';
import { storesPerTest } from '../../support/stores';
import { clientPool, dosedSession, MINUTE_MS, WITHIN_ADVISORY, type Staff } from '../lifecycle/lifecycleClients';

/**
 * On SQLite a decision does not read the session's new events again when nothing but its own
 * process's appends can have written them (sessionService `knownCurrent`). These are the writes
 * it must still see: another connection's (another process, another store on the file), and an
 * append through the same store that bypassed the session service.
 */
describe('a decision on SQLite sees every write to the session', () => {
  let vigil: Vigil;
  let dataDir: string;
  const clock = createManualClock(Date.now());
  const pool = clientPool(() => vigil);
  let staff: Staff;

  beforeEach(async () => {
    clock.set(Date.now());
    dataDir = tempDataDir();
    vigil = await startTestServer({ dataDir }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    staff = await pool.staff();
  });
  afterEach(async () => {
    pool.closeAll();
    await vigil.close();
  });
  // After the server's hook, so the other stores on its file close before the server, as they did.
  const stores = storesPerTest();

  const reading = (sessionId: string, commandId: string) =>
    readingDraft(sessionId, commandId, clock.now(), WITHIN_ADVISORY, { kind: 'system', displayName: 'Elsewhere' });

  /** The last seq of the state a decision is given (it stores nothing). */
  async function decidedOn(sessionId: string): Promise<number> {
    let seen = -1;
    const result = await vigil.sessions.decideAndAppend(sessionId, (state) => {
      seen = state.lastSeq;
      return { ok: true, drafts: [] };
    });
    expect(result.ok).toBe(true);
    return seen;
  }

  async function cachedSession(): Promise<string> {
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(staff, dosedAt);
    clock.set(dosedAt + MINUTE_MS);
    // Decided on once: the copy is cached and was last read now.
    expect(await decidedOn(sessionId)).toBeGreaterThan(0);
    return sessionId;
  }

  it("another connection's commit (another store on the same file) is in the next decision", async () => {
    const sessionId = await cachedSession();
    const other = await stores.open({ dataDir, databaseUrl: null });
    const { events } = await appendSessionEvents(other.db, sessionId, [reading(sessionId, 'elsewhere-1')], clock.now());
    expect(await decidedOn(sessionId)).toBe(events[0]!.seq);
    // And again after a quiet spell: the copy that read it is current.
    const { events: next } = await appendSessionEvents(other.db, sessionId, [reading(sessionId, 'elsewhere-2')], clock.now());
    expect(await decidedOn(sessionId)).toBe(next[0]!.seq);
  });

  it('an append through the same store that bypassed the session service is in the next decision', async () => {
    const sessionId = await cachedSession();
    const { events } = await appendSessionEvents(vigil.store.db, sessionId, [reading(sessionId, 'bypass-1')], clock.now());
    expect(await decidedOn(sessionId)).toBe(events[0]!.seq);
  });
});
