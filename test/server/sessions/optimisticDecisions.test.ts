import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { appendSessionEvents } from '../../../server/store/events';
import type { NewSessionEvent } from '../../../shared/session/events';
import type { SessionState } from '../../../shared/session/state';
import { readingDraft } from '../../support/drafts';
import { pgCost, startPgCountingRelay } from '../../support/pgCountingRelay';
import { DATABASE_URL } from '../../support/postgres';
import { openTestSession, startTestServer } from '../../support/server';
import { DIALECTS, storesPerTest, type Dialect } from '../../support/stores';

const VITALS = { heartRateBpm: 72, spo2Percent: 98 };

/**
 * A decision (a command's rule, an alarm or readiness pass) is first made on the session's cached
 * copy without reading the store again: on PostgreSQL that read was a round trip for each of a
 * reading's three decisions. What it stores is held to the seq of that copy: if another process
 * stored an event since, nothing is written and the decision is made again on the record as read.
 * A command's refusal or no-op is never answered from an unread copy.
 */
describe('decisions on the cached copy of a session, checked when stored', () => {
  const clock = createManualClock(Date.now());
  const servers: Vigil[] = [];
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const close of closing.splice(0)) await close();
  });
  // After the servers' hook, so the other stores on their place close before them.
  const stores = storesPerTest('optimistic');

  async function start(dialect: Dialect) {
    const relay = await startPgCountingRelay(DATABASE_URL);
    closing.push(relay.close);
    const place = await stores.place(dialect);
    const databaseUrl = place.databaseUrl ? relay.urlOf(place.databaseUrl) : null;
    // No timers: only the test's own decisions reach the store.
    const vigil = await startTestServer({ dataDir: place.dataDir, databaseUrl }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    servers.push(vigil);
    const sessionId = await openTestSession(vigil);
    // Another process's store on the same file or database.
    const other = await stores.open(place);
    return { vigil, relay, sessionId, other };
  }

  const reading = (sessionId: string, commandId: string) => readingDraft(sessionId, commandId, clock.now(), VITALS);

  /** Decides with `rule`, noting the seq of each state it is given. */
  async function decide(vigil: Vigil, sessionId: string, rule: (state: SessionState) => NewSessionEvent[], options = {}) {
    const seen: number[] = [];
    const result = await vigil.sessions.decideAndAppend(
      sessionId,
      (state) => {
        seen.push(state.lastSeq);
        return { ok: true, drafts: rule(state) };
      },
      null,
      null,
      options,
    );
    if (!result.ok) throw new Error(result.error.message);
    return { seen, events: result.events };
  }

  for (const dialect of DIALECTS) {
    it(`${dialect}: another process stored meanwhile: the append is refused, decided again on the record, and stored once after it`, async () => {
      const { vigil, sessionId, other } = await start(dialect);
      const cachedAt = (await decide(vigil, sessionId, () => [])).seen.at(-1)!;
      const { events: elsewhere } = await appendSessionEvents(other.db, sessionId, [reading(sessionId, 'elsewhere-1')], clock.now());
      expect(elsewhere[0]!.seq).toBe(cachedAt + 1);

      const { seen, events } = await decide(vigil, sessionId, () => [reading(sessionId, 'mine-1')]);
      expect(seen).toEqual([cachedAt, cachedAt + 1]);
      expect(events.map((event) => [event.commandId, event.seq])).toEqual([['mine-1', cachedAt + 2]]);
      const stored = (await vigil.sessions.eventsAfter(sessionId, cachedAt)).map((event) => [event.commandId, event.seq]);
      expect(stored).toEqual([
        ['elsewhere-1', cachedAt + 1],
        ['mine-1', cachedAt + 2],
      ]);
      // The copy now holds both, and the next decision is made on it at once.
      expect((await decide(vigil, sessionId, () => [reading(sessionId, 'mine-2')])).seen).toEqual([cachedAt + 2]);
    });

    it(`${dialect}: a command that stores nothing on a copy another process moved past is decided again on the record; a pass's nothing stands`, async () => {
      const { vigil, sessionId, other } = await start(dialect);
      const cachedAt = (await decide(vigil, sessionId, () => [])).seen.at(-1)!;
      await appendSessionEvents(other.db, sessionId, [reading(sessionId, 'elsewhere-1')], clock.now());
      // A pass (alarms, readiness) that finds nothing to store: the process that stored the new
      // event runs its own passes on a copy holding it.
      expect((await decide(vigil, sessionId, () => [], { pass: true })).seen).toEqual([cachedAt]);
      // A command's no-op (or refusal) is answered from the record.
      expect((await decide(vigil, sessionId, () => [])).seen).toEqual([cachedAt, cachedAt + 1]);
    });
  }

  it('postgres: a decision on a current copy reads nothing before it stores: no query of the session’s events', async () => {
    const { vigil, relay, sessionId } = await start('postgres');
    await decide(vigil, sessionId, () => [reading(sessionId, 'warm-up')]);
    const before = relay.messages();
    const { seen, events } = await decide(vigil, sessionId, () => [reading(sessionId, 'mine-1')]);
    expect(seen).toHaveLength(1);
    expect(events).toHaveLength(1);
    const cost = pgCost(before, relay.messages());
    // The batch alone: begin with its locks, the seq taken if the command id is new, the event,
    // commit (no audit row or bookkeeping given here).
    expect(cost.roundTrips).toBe(4);
    expect([...cost.parsed.keys()].filter((text) => text.includes('from "session_events" where "session_id"'))).toEqual([]);
  });
});
