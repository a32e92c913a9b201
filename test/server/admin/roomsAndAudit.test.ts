import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { queryAudit } from '../../../server/store/auditQuery';
import { openTestSession, request, signIn } from '../../support/server';
import { serverPerTest } from '../../support/perTest';
import { call } from './support';

describe('rooms: add, rename, retire without losing history', () => {
  const server = serverPerTest();
  let admin: string;
  beforeEach(async () => {
    admin = await signIn(server.vigil, 'admin');
  });

  it('a room added by an admin reaches open clinic screens and can take a session', async () => {
    const board = await server.sockets.client('prescriber');
    expect(await request(board, 'clinic.watch', {})).toMatchObject({ ok: true });
    const tiles: RoomUpdate[] = [];
    board.on('clinic.rooms', (rooms) => tiles.push(...rooms));
    const created = await call(server.vigil, 'POST', '/api/rooms', admin, { name: 'Garden room', roomId: 'garden' });
    expect(created).toMatchObject({
      status: 201,
      body: { room: { roomId: 'garden', name: 'Garden room', sortOrder: 3, retiredAt: null } },
    });
    await expect.poll(() => tiles.find((t) => t.roomId === 'garden')?.roomName).toBe('Garden room');
    expect((await call(server.vigil, 'POST', '/api/rooms', admin, { name: 'Again', roomId: 'garden' })).status).toBe(409);
    expect((await call(server.vigil, 'POST', '/api/rooms', admin, { name: '  ' })).body).toMatchObject({
      error: { issues: [{ path: ['name'] }] },
    });
    const nurse = await server.sockets.client('nurse');
    expect(
      await request(nurse, 'session.open', { commandId: randomUUID(), roomId: 'garden', patientAlias: 'G.R.', protocolId: 'spravato-56' }),
    ).toMatchObject({ ok: true });
    await expect.poll(() => tiles.find((t) => t.roomId === 'garden' && t.session !== null)).toBeDefined();
    // Renamed: the board's tile follows, and a board that starts watching after it gets the new name.
    expect((await call(server.vigil, 'PATCH', '/api/rooms/garden', admin, { name: 'Garden suite' })).status).toBe(200);
    await expect.poll(() => tiles.at(-1)?.roomName).toBe('Garden suite');
    const later = await server.sockets.client('prescriber');
    const watched = await request(later, 'clinic.watch', {});
    if (!watched.ok) throw new Error(watched.error.message);
    expect(watched.rooms.find((room) => room.roomId === 'garden')).toMatchObject({
      roomName: 'Garden suite',
      session: { patientAlias: 'G.R.' },
    });
  });

  it('a room with a session running cannot be retired; once closed it can, its history stays, and it takes no new session', async () => {
    const sessionId = await openTestSession(server.vigil, 'room-2');
    const refused = await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: true });
    expect(refused).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/has a session running/) } } });
    await server.vigil.store.db.updateTable('sessions').set({ closed_at: Date.now() }).where('session_id', '=', sessionId).execute();
    expect((await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: true })).body).toMatchObject({
      room: { retiredAt: expect.any(Number) },
    });
    const nurse = await signIn(server.vigil, 'nurse');
    expect(((await call(server.vigil, 'GET', '/api/rooms', nurse)).body.rooms as RoomSummary[]).map((r) => r.roomId)).toEqual(['room-1']);
    const socket = await server.sockets.connect(nurse);
    expect(
      await request(socket, 'session.open', { commandId: randomUUID(), roomId: 'room-2', patientAlias: 'X.Y.', protocolId: 'spravato-56' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Room 2 has been retired' },
    });
    expect((await call(server.vigil, 'GET', `/api/sessions/${sessionId}`, nurse)).status).toBe(200);
    expect((await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: false })).body).toMatchObject({
      room: { retiredAt: null },
    });
    expect((await queryAudit(server.vigil.store.db, { roomId: 'room-2', order: 'oldest' })).map((r) => r.action)).toEqual([
      'room.retire',
      'session.view',
      'room.restore',
    ]);
  });
  it('a change that changes nothing (a second Retire, a rename to its own name) answers the room as it is and writes nothing', async () => {
    const retire = () => call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: true });
    expect((await retire()).status).toBe(200);
    const again = await retire();
    expect(again).toMatchObject({ status: 200, body: { room: { roomId: 'room-2', retiredAt: expect.any(Number) } } });
    expect((await call(server.vigil, 'PATCH', '/api/rooms/room-1', admin, { name: 'Room 1' })).status).toBe(200);
    expect((await call(server.vigil, 'PATCH', '/api/rooms/room-1', admin, { retired: false })).status).toBe(200);
    const actions = (await queryAudit(server.vigil.store.db, { order: 'oldest' }))
      .map((r) => r.action)
      .filter((a) => a.startsWith('room.'));
    expect(actions).toEqual(['room.retire']);
  });

  it('two rooms on the board never share a name (case and spacing aside); a retired room keeps its name out of the way', async () => {
    const taken = { status: 409, body: { error: { code: 'conflict', issues: [{ path: ['name'] }] } } };
    expect(await call(server.vigil, 'POST', '/api/rooms', admin, { name: '  room   1 ' })).toMatchObject(taken);
    expect(await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { name: 'ROOM 1' })).toMatchObject(taken);
    expect((await call(server.vigil, 'GET', '/api/admin/rooms', admin)).body.rooms).toHaveLength(2);
    // Retired, Room 2's name is free for a new room; bringing Room 2 back then needs another name.
    expect((await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: true })).status).toBe(200);
    expect((await call(server.vigil, 'POST', '/api/rooms', admin, { name: 'Room 2', roomId: 'new-2' })).status).toBe(201);
    expect(await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: false })).toMatchObject(taken);
    expect(await call(server.vigil, 'PATCH', '/api/rooms/room-2', admin, { retired: false, name: 'Room 2 (old)' })).toMatchObject({
      status: 200,
      body: { room: { name: 'Room 2 (old)', retiredAt: null } },
    });
  });
});

describe('the audit trail for admins: filters and CSV', () => {
  const server = serverPerTest();

  it('filters by person, session, room, action and date; exports CSV; reading it is audited', async () => {
    const sessionId = await openTestSession(server.vigil, 'room-1');
    const nurse = await signIn(server.vigil, 'nurse');
    await call(server.vigil, 'GET', `/api/sessions/${sessionId}`, nurse);
    await call(server.vigil, 'POST', '/api/auth/login', null, { username: 'nurse', password: 'not-it-at-all' });
    const admin = await signIn(server.vigil, 'admin');
    const get = async (query: string) =>
      (await call(server.vigil, 'GET', `/api/audit?${query}`, admin)).body.rows as {
        action: string;
        userId: string;
        sessionId: string;
        at: number;
      }[];

    expect((await get('userId=u-nurse')).map((r) => r.action)).toEqual(['auth.failed', 'session.view', 'auth.signIn']);
    expect((await get(`sessionId=${sessionId}`)).map((r) => r.action)).toEqual(['session.view']);
    expect((await get('roomId=room-1')).map((r) => r.action)).toEqual(['session.view']);
    expect((await get('action=auth.signIn')).map((r) => r.userId)).toEqual(['u-admin', 'u-nurse']);
    const all = await get('');
    const newest = all[0]!.at;
    expect(await get(`from=${newest + 1}&action=session.view`)).toEqual([]);
    expect((await get(`from=${newest - 60_000}&to=${newest}&action=session.view`)).length).toBe(1);
    expect((await get(`to=${newest - 1}&action=auth.signIn`)).length).toBeGreaterThan(0);
    expect((await call(server.vigil, 'GET', '/api/audit?limit=0', admin)).status).toBe(400);
    expect((await call(server.vigil, 'GET', '/api/audit?extra=1', admin)).status).toBe(400);

    const csv = await fetch(`${server.vigil.url}/api/audit.csv?userId=u-nurse`, { headers: { cookie: admin } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="vigil-audit-/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('auditId,at,time (UTC),userId,username,action,sessionId,roomId,subjectUserId,remoteAddress,detail');
    expect(lines.slice(1).map((line) => line.split(',')[5])).toEqual(['auth.signIn', 'session.view', 'auth.failed']);
    expect((await get('action=audit.export')).length).toBe(1);
    expect((await get('action=audit.view')).length).toBeGreaterThan(5);
    expect((await call(server.vigil, 'GET', '/api/audit/verify', admin)).body).toMatchObject({
      verify: { intact: true, firstBreak: null },
    });
  });

  it('a CSV cell that a spreadsheet would run as a formula is neutralised', async () => {
    await call(server.vigil, 'POST', '/api/auth/login', null, { username: '=HYPERLINK("x")', password: 'whatever-it-is' });
    const admin = await signIn(server.vigil, 'admin');
    const text = await (await fetch(`${server.vigil.url}/api/audit.csv?action=auth.failed`, { headers: { cookie: admin } })).text();
    expect(text).toContain(`"{""username"":""=HYPERLINK(\\""x\\"")"",""reason"":""unknown_username""}"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });
});
