import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { appendSessionEvents } from '../../../server/store/events';
import { listClosedDosedSessions } from '../../../server/store/remsForms';
import { insertRoom } from '../../../server/store/rooms';
import { createSession, getSession } from '../../../server/store/sessions';
import type { Store } from '../../../server/store/store';
import { columnsOf } from '../../../server/store/tableSpecs';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { NewSessionEvent, SessionEventPayload, SessionEventType } from '../../../shared/session/events';
import { DIALECTS, storesPerTest } from '../../support/stores';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const PROTOCOL_JSON = JSON.stringify(spravato56Protocol());

async function openSession(store: Store, sessionId: string, roomId: string) {
  await createSession(
    store.db,
    {
      sessionId,
      type: 'session.opened',
      payload: { roomId, patientAlias: 'P.T.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' },
      observedAt: T0,
      actor: { kind: 'system', displayName: 'test' },
      commandId: randomUUID(),
    },
    roomId,
    PROTOCOL_JSON,
    T0,
  );
}

const DOSE = { doseId: 'dose-1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' };
const DISCHARGE = { override: null, failingItemIds: [] };

function draft<T extends SessionEventType>(sessionId: string, type: T, payload: SessionEventPayload<T>): NewSessionEvent {
  return {
    sessionId,
    type,
    payload,
    observedAt: T0 + 60_000,
    actor: { kind: 'system', displayName: 'test' },
    commandId: randomUUID(),
  } as NewSessionEvent;
}

async function sessionColumns(store: Store): Promise<string[]> {
  return [...(await columnsOf(store.db, 'sessions'))];
}

/** A store as made before: each session's protocol in its own sessions row, no row of session_protocols. */
async function downgrade(store: Store) {
  await sql`alter table sessions add column protocol_json text not null default ''`.execute(store.db);
  await sql`update sessions set protocol_json = (select protocol_json from session_protocols p where p.session_id = sessions.session_id)`.execute(
    store.db,
  );
  await sql`delete from session_protocols`.execute(store.db);
}

/**
 * Every commit updates its session's row (the seq it reached). The protocol the session runs
 * (some 6 kB) is kept in a row of its own, so that update does not rewrite it; a store made
 * before, with the protocol in the sessions row, has it moved when it opens, and nothing is lost.
 */
describe('a session’s protocol is kept beside its row, not in it', () => {
  const stores = storesPerTest('sessproto');

  for (const dialect of DIALECTS) {
    it(`${dialect}: an older store's protocols move out of the sessions rows when it opens, and every session still runs its own`, async () => {
      const place = await stores.place(dialect);
      const first = await stores.open(place);
      await insertRoom(first.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
      await insertRoom(first.db, { roomId: 'room-2', name: 'Room 2', sortOrder: 2 });
      await openSession(first, 'open-session', 'room-1');
      await openSession(first, 'ended-session', 'room-2');
      // The ended session was dosed and discharged: the REMS list reads its protocol (a Spravato one).
      await appendSessionEvents(first.db, 'ended-session', [draft('ended-session', 'dose.recorded', DOSE)], T0 + 60_000);
      await appendSessionEvents(first.db, 'ended-session', [draft('ended-session', 'session.discharged', DISCHARGE)], T0 + 120_000);
      await downgrade(first);
      expect(await sessionColumns(first)).toContain('protocol_json');
      await first.close();

      const store = await stores.open(place);
      expect(await sessionColumns(store)).not.toContain('protocol_json');
      expect((await getSession(store.db, 'open-session'))?.protocolJson).toBe(PROTOCOL_JSON);
      expect((await getSession(store.db, 'ended-session'))?.protocolJson).toBe(PROTOCOL_JSON);
      const closed = await listClosedDosedSessions(store.db);
      expect(closed.map((row) => [row.session_id, JSON.parse(row.protocol_json).drug])).toEqual([['ended-session', 'esketamine']]);
      await store.close();

      // Opening it again finds nothing to move and changes nothing.
      const again = await stores.open(place);
      expect((await getSession(again.db, 'open-session'))?.protocolJson).toBe(PROTOCOL_JSON);
    });

    it(`${dialect}: a new session's protocol is stored with it, and a commit leaves it as it was`, async () => {
      const store = await stores.open(dialect);
      await insertRoom(store.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
      await openSession(store, 'session-1', 'room-1');
      await appendSessionEvents(
        store.db,
        'session-1',
        [draft('session-1', 'vitals.recorded', { readingId: randomUUID(), vitals: { heartRateBpm: 72 } })],
        T0 + 1000,
      );
      const row = await getSession(store.db, 'session-1');
      expect(row).toMatchObject({ lastSeq: 2, protocolJson: PROTOCOL_JSON });
    });
  }
});
