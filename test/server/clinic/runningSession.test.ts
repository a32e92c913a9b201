import { randomUUID } from 'node:crypto';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { serversPerTest } from '../../support/perTest';
import { openTestSession, request } from '../../support/server';

/**
 * The room's running session (where a monitor's readings go, and what refuses a second session
 * in the room) is found by an indexed read of the room's open sessions; it follows each session
 * opening and ending, also on a second process sharing the PostgreSQL store.
 */
describe("a room's running session", () => {
  const databases: string[] = [];
  const { start: startServer, nurseOf } = serversPerTest();
  afterAll(() => dropPostgres(databases));
  const start = (databaseUrl: string | null) => startServer({ databaseUrl });
  const running = async (server: Vigil, roomId: string) => (await server.clinic.runningSession(roomId))?.sessionId ?? null;

  it('follows a session opened, ended early, and the next one opened, room by room', async () => {
    const server = await start(null);
    const nurse = await nurseOf(server);
    expect(await running(server, 'room-1')).toBeNull();
    const first = await openTestSession(server, 'room-1');
    expect(await running(server, 'room-1')).toBe(first);
    expect(await running(server, 'room-2')).toBeNull();
    const other = await openTestSession(server, 'room-2');
    expect(await running(server, 'room-2')).toBe(other);

    const ended = await request(nurse, 'session.endEarly', { commandId: randomUUID(), sessionId: first, reason: 'Patient asked to stop' });
    expect(ended.ok).toBe(true);
    expect(await running(server, 'room-1')).toBeNull();
    expect(await running(server, 'room-2')).toBe(other);
    const second = await openTestSession(server, 'room-1');
    expect(await running(server, 'room-1')).toBe(second);
  });

  it('PostgreSQL, two servers sharing the store: one sees at once the session the other opened and ended', async () => {
    const databaseUrl = await freshPostgres(databases, 'running');
    const a = await start(databaseUrl);
    const b = await start(databaseUrl);
    const nurseA = await nurseOf(a);
    const first = await openTestSession(a, 'room-1');
    expect(await running(b, 'room-1')).toBe(first);
    expect((await request(nurseA, 'session.endEarly', { commandId: randomUUID(), sessionId: first, reason: 'Nausea' })).ok).toBe(true);
    // B's copy of the session has not heard of the ending (no Redis here): the store's open list has.
    expect(await running(b, 'room-1')).toBeNull();
    const second = await openTestSession(b, 'room-1');
    expect(await running(a, 'room-1')).toBe(second);
  });
});
