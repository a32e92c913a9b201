import { COMMANDS } from '../../../shared/realtime/commands';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { hashToken } from '../../../server/auth/tokens';
import { queryAudit } from '../../../server/store/auditQuery';
import { forbiddenMessage } from '../../../shared/policy';
import { connectClient, openWallDisplay, request, signIn, startTestServer } from '../../support/server';
import { settableClock } from '../../support/settableClock';
import { clientPool, dosedSession, MINUTE_MS, refusal, send, stored } from '../lifecycle/lifecycleClients';
import { call, openScreen, type Screen } from './support';

/**
 * The read-only wall display: an admin creates it (its key shown once), a screen opens it with
 * the key, it sees the board and is refused every command, and revoking it closes the open
 * screen at once. Every step is in the audit trail. Real server, real Socket.IO clients.
 */
describe('wall displays', () => {
  let vigil: Vigil;
  let admin: string;
  const screens: Screen[] = [];
  const pool = clientPool(() => vigil);

  beforeEach(async () => {
    vigil = await startTestServer({}, settableClock());
    admin = await signIn(vigil, 'admin');
  });
  afterEach(async () => {
    for (const screen of screens.splice(0)) screen.socket.disconnect();
    pool.closeAll();
    await vigil.close();
  });

  it('an admin creates one: the key is answered once, only its hash is stored, and the creation is audited', async () => {
    const created = await call(vigil, 'POST', '/api/wall-displays', admin, { displayName: 'Wall by the desk' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const wallDisplay = created.body.wallDisplay as { userId: string; revoked: boolean; keyExpiresAt: number };
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(wallDisplay.revoked).toBe(false);
    const stored = await vigil.store.db
      .selectFrom('auth_sessions')
      .select('token_hash')
      .where('user_id', '=', wallDisplay.userId)
      .execute();
    expect(stored.map((row) => row.token_hash)).toEqual([hashToken(key)]);

    // Listed as a wall display, without its key; not among the people.
    const list = await call(vigil, 'GET', '/api/wall-displays', admin);
    expect(list.body.wallDisplays).toEqual([expect.objectContaining({ userId: wallDisplay.userId, displayName: 'Wall by the desk' })]);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const people = (await call(vigil, 'GET', '/api/users', admin)).body.users as { userId: string }[];
    expect(people.map((person) => person.userId)).not.toContain(wallDisplay.userId);
    // Not a person: the people page's changes refuse it.
    const renamed = await call(vigil, 'PATCH', `/api/users/${wallDisplay.userId}`, admin, { role: 'nurse' });
    expect(renamed).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('wall display') } } });
    // A person's form cannot make a wall display.
    const asPerson = await call(vigil, 'POST', '/api/users', admin, {
      username: 'wally',
      displayName: 'Wally',
      role: 'wall',
      password: 'a long enough password',
    });
    expect(asPerson.status).toBe(400);

    const rows = await queryAudit(vigil.store.db, { action: 'wallDisplay.create', order: 'oldest' });
    expect(rows).toEqual([
      expect.objectContaining({
        userId: 'u-admin',
        subjectUserId: wallDisplay.userId,
        detail: expect.objectContaining({ displayName: 'Wall by the desk' }),
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('a screen opens it with the key (audited), never with a password; a wrong key is refused and audited', async () => {
    const wall = await openWallDisplay(vigil);
    expect((await call(vigil, 'GET', '/api/me', wall.cookie)).body.user).toMatchObject({ userId: wall.userId, role: 'wall' });
    const used = await queryAudit(vigil.store.db, { userId: wall.userId, action: 'auth.signIn' });
    expect(used).toEqual([expect.objectContaining({ detail: expect.objectContaining({ credential: 'wall_display_key' }) })]);

    const user = await vigil.store.db.selectFrom('users').select('username').where('user_id', '=', wall.userId).executeTakeFirstOrThrow();
    const byPassword = await call(vigil, 'POST', '/api/auth/login', null, {
      username: user.username,
      password: 'wall-display$no-password',
    });
    expect(byPassword.status).toBe(401);

    const wrong = await call(vigil, 'POST', '/api/auth/wall', null, { key: 'x'.repeat(43) });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(await queryAudit(vigil.store.db, { action: 'auth.failed' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ detail: expect.objectContaining({ credential: 'wall_display_key' }) })]),
    );
    // A person's own sign-in token is not a wall key.
    const nurseToken = (await signIn(vigil, 'nurse')).split('=')[1]!;
    expect((await call(vigil, 'POST', '/api/auth/wall', null, { key: nurseToken })).status).toBe(401);
  });

  it('it sees the board live and acknowledges nothing: a real alarm stays unacknowledged', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, vigil.clock.now() - 12 * MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    for (let i = 0; i < 2; i += 1) {
      stored(
        await send(staff.nurse, 'vitals.record', {
          sessionId,
          observedAt: vigil.clock.now(),
          vitals: { systolicMmHg: 192, diastolicMmHg: 104, heartRateBpm: 96, spo2Percent: 97, respiratoryRatePerMin: 16 },
        }),
      );
    }
    await expect.poll(async () => (await vigil.sessions.getState(sessionId))!.alarms.length).toBeGreaterThan(0);
    const alarm = (await vigil.sessions.getState(sessionId))!.alarms[0]!;

    const wall = await openWallDisplay(vigil);
    const socket = await connectClient(vigil.url, wall.cookie);
    try {
      const board = (await request(socket, 'clinic.watch', {})) as {
        ok: boolean;
        rooms: { session: { unacknowledgedAlarmIds: string[] } | null }[];
      };
      expect(board.ok).toBe(true);
      expect(board.rooms.flatMap((room) => room.session?.unacknowledgedAlarmIds ?? [])).toContain(alarm.alarmId);

      const ack = refusal(await send(socket, 'alarm.acknowledge', { sessionId, alarmId: alarm.alarmId }));
      // In words that do not suggest the alarm is a self-harm one (the guard's action is the widest: `alarm.acknowledgeSelfHarm`).
      expect(ack).toMatchObject({ code: 'forbidden', message: COMMANDS['alarm.acknowledge'].refusal });
      expect(ack.message).toBe('Only nurses and prescribers can acknowledge alarms (and therapists a self-harm alarm)');
      expect(refusal(await send(socket, 'alarm.pauseAudio', { sessionId }))).toMatchObject({ code: 'forbidden' });
      expect(await request(socket, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: forbiddenMessage('session.view') },
      });
      const state = await vigil.sessions.getState(sessionId);
      expect(state!.alarms.find((a) => a.alarmId === alarm.alarmId)!.acknowledgedBy).toBeNull();
      // Nor over HTTP: no patient record, no clinic pages.
      expect((await call(vigil, 'GET', `/api/sessions/${sessionId}`, wall.cookie)).status).toBe(403);
      expect((await call(vigil, 'GET', '/api/rooms', wall.cookie)).status).toBe(403);
    } finally {
      socket.disconnect();
    }
  });

  it('revoking it closes its open screen now, ends the key, and is audited; other screens stay', async () => {
    const wall = await openWallDisplay(vigil);
    const wallScreen = await openScreen(vigil, wall.cookie);
    const nurse = await openScreen(vigil, 'nurse');
    screens.push(wallScreen, nurse);

    const revoked = await call(vigil, 'POST', `/api/wall-displays/${wall.userId}/revoke`, admin);
    expect(revoked).toMatchObject({ status: 200, body: { ok: true, wallDisplay: { revoked: true, keyExpiresAt: null } } });
    await expect.poll(() => wallScreen.closed()).toBe(true);
    expect(await request(nurse.socket, 'time.sync', { clientSentAt: Date.now() })).toMatchObject({ ok: true });

    expect((await call(vigil, 'GET', '/api/me', wall.cookie)).status).toBe(401);
    await expect(connectClient(vigil.url, wall.cookie)).rejects.toThrow('unauthenticated');
    expect((await call(vigil, 'POST', '/api/auth/wall', null, { key: wall.key })).status).toBe(401);
    // Twice is refused plainly.
    expect((await call(vigil, 'POST', `/api/wall-displays/${wall.userId}/revoke`, admin)).status).toBe(409);

    const rows = await queryAudit(vigil.store.db, { action: 'wallDisplay.revoke' });
    expect(rows).toEqual([
      expect.objectContaining({ userId: 'u-admin', subjectUserId: wall.userId, detail: expect.objectContaining({ signInsEnded: 1 }) }),
    ]);
  });

  it('only an admin creates or revokes one', async () => {
    const nurse = await signIn(vigil, 'nurse');
    expect((await call(vigil, 'POST', '/api/wall-displays', nurse, { displayName: 'Mine' })).status).toBe(403);
    const wall = await openWallDisplay(vigil);
    expect((await call(vigil, 'POST', '/api/wall-displays', wall.cookie, { displayName: 'Another' })).status).toBe(403);
    expect((await call(vigil, 'POST', `/api/wall-displays/${wall.userId}/revoke`, wall.cookie)).status).toBe(403);
    expect((await call(vigil, 'POST', '/api/wall-displays', admin, { displayName: '  ' })).status).toBe(400);
  });
});
