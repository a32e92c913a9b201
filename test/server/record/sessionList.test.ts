import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { insertRoom } from '../../../server/store/rooms';
import type { SessionListResponse } from '../../../shared/http/recordApi';
import { httpAs, openTestSession, signIn, startTestServer } from '../../support/server';

/** Sessions opened at these instants, one a room, in a clinic in New York (EST, UTC-5 in November). */
const OPENED = {
  // 2026-11-19 23:30 in New York, already the 20th in UTC.
  lateOn19th: Date.UTC(2026, 10, 20, 4, 30),
  // 2026-11-20 00:30 in New York.
  earlyOn20th: Date.UTC(2026, 10, 20, 5, 30),
  // 2026-11-20 23:59 in New York.
  lateOn20th: Date.UTC(2026, 10, 21, 4, 59),
  // 2026-11-21 00:00 in New York.
  midnight21st: Date.UTC(2026, 10, 21, 5, 0),
};
/** More sessions than one page holds (25), an hour apart on the 22nd. */
const LATER = 27;

describe('the Sessions list: dates on the clinic calendar, pages, newest first', () => {
  let vigil: Vigil;
  let cookie: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const clock = createManualClock(OPENED.lateOn19th);
    vigil = await startTestServer({ timeZone: 'America/New_York' }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    cookie = await signIn(vigil, 'nurse');
    const at = [
      ...Object.entries(OPENED),
      ...Array.from({ length: LATER }, (_, i) => [`later-${i}`, Date.UTC(2026, 10, 22, 14) + i * 3_600_000] as const),
    ];
    for (const [index, [name, openedAt]] of at.entries()) {
      await insertRoom(vigil.store.db, { roomId: `room-list-${index}`, name: `List room ${index}`, sortOrder: 10 + index });
      clock.set(openedAt);
      ids.set(name, await openTestSession(vigil, `room-list-${index}`));
    }
  });
  afterAll(async () => {
    await vigil?.close();
  });

  const list = async (query: string) => {
    const answer = await httpAs(vigil, cookie, 'GET', `/api/sessions?${query}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as SessionListResponse;
  };

  it('takes "from" and "to" as whole days in the clinic zone, both included', async () => {
    const on20th = await list('from=2026-11-20&to=2026-11-20');
    expect(on20th.sessions.map((s) => s.sessionId)).toEqual([ids.get('lateOn20th'), ids.get('earlyOn20th')]);
    expect(on20th.sessions.map((s) => s.openedAtText)).toEqual(['2026-11-20 23:59 EST', '2026-11-20 00:30 EST']);
    expect((await list('to=2026-11-19')).sessions.map((s) => s.sessionId)).toEqual([ids.get('lateOn19th')]);
    expect((await list('from=2026-11-21&to=2026-11-21')).sessions.map((s) => s.sessionId)).toEqual([ids.get('midnight21st')]);
  });

  it('offers every room and protocol with a session in its menus by name, a retired room too', async () => {
    await vigil.store.db.updateTable('rooms').set({ retired_at: OPENED.midnight21st }).where('room_id', '=', 'room-list-0').execute();
    const { choices } = await list('');
    expect(choices.rooms).toHaveLength(4 + LATER);
    expect(choices.rooms).toContainEqual({ id: 'room-list-0', name: 'List room 0' });
    const names = choices.rooms.map((room) => room.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(choices.protocols).toEqual([{ id: 'spravato-56', name: 'Spravato 56 mg intranasal' }]);
  });

  it('pages 25 at a time, newest first across pages', async () => {
    const first = await list('page=1');
    const second = await list('page=2');
    expect(first).toMatchObject({ total: 4 + LATER, page: 1, pageSize: 25 });
    expect(first.sessions).toHaveLength(25);
    expect(second.sessions).toHaveLength(4 + LATER - 25);
    const opened = [...first.sessions, ...second.sessions].map((s) => s.openedAt);
    expect(opened).toEqual([...opened].sort((a, b) => b - a));
    expect(first.sessions[0]?.sessionId).toBe(ids.get(`later-${LATER - 1}`));
    expect(second.sessions.at(-1)?.sessionId).toBe(ids.get('lateOn19th'));
    expect((await list('page=3')).sessions).toEqual([]);
  });
});
