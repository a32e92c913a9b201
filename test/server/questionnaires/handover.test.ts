import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryAudit } from '../../../server/store/auditQuery';
import { HANDED_OVER_MESSAGE } from '../../../shared/questionnaires/handover';
import { openTestSession, request, signIn, TEST_PASSWORD, type TestSocket } from '../../support/server';
import { serverPerTest } from '../../support/perTest';
import { call, openScreen } from '../admin/support';

const PHQ9 = { instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 0] };

/** The tablet handed to the patient: the lock is the sign-in's, on the server; only a staff sign-in ends it. */
describe('the questionnaire handover', () => {
  const server = serverPerTest();
  const screen = server.sockets.connect;
  let sessionId: string;
  let therapist: string;
  beforeEach(async () => {
    sessionId = await openTestSession(server.vigil, 'room-1');
    therapist = await signIn(server.vigil, 'therapist');
  });
  const answer = (socket: TestSocket, questionnaire: object, completedBy = 'patient') =>
    request(socket, 'questionnaire.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.vigil.clock.now(),
      questionnaire,
      completedBy,
    });
  const handOver = (socket: TestSocket) =>
    request(socket, 'questionnaire.handOver', { commandId: randomUUID(), sessionId, instrument: 'phq9' });

  it('locks the sign-in to the one questionnaire: nothing of the record over HTTP or sockets, after a reload too; the answers are the patient’s', async () => {
    const tablet = await screen(therapist);
    expect(await request(tablet, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({ ok: true });
    // Another tab of the same browser is closed, and comes back locked.
    const otherTab = await openScreen(server.vigil, therapist);
    server.sockets.keep(otherTab.socket);

    const handed = await handOver(tablet);
    expect(handed).toMatchObject({
      ok: true,
      event: { type: 'questionnaire.handedOver', payload: { instrument: 'phq9' }, actor: { userId: 'u-therapist' } },
    });
    await expect.poll(() => otherTab.closed()).toBe(true);

    // Nothing of the record answers this sign-in: pages, patients, the session, the board.
    const me = await call(server.vigil, 'GET', '/api/me', therapist);
    expect(me.body).toMatchObject({
      ok: true,
      handover: { sessionId, instrument: 'phq9', completedAt: null, handedOverBy: { userId: 'u-therapist' } },
    });
    for (const path of ['/api/patients', `/api/sessions/${sessionId}`, '/api/sessions', '/api/rooms']) {
      expect(await call(server.vigil, 'GET', path, therapist)).toMatchObject({
        status: 403,
        body: { error: { message: HANDED_OVER_MESSAGE } },
      });
    }
    expect((await call(server.vigil, 'POST', '/api/auth/logout', therapist, {})).status).toBe(403);
    for (const [name, payload] of [
      ['session.watch', { sessionId, afterSeq: 0 }],
      ['clinic.watch', {}],
      ['checklist.tick', { commandId: randomUUID(), sessionId, checklist: 'pre_dose', itemId: 'consent' }],
    ] as const) {
      expect(await request(tablet, name, payload)).toMatchObject({ ok: false, error: { code: 'forbidden', message: HANDED_OVER_MESSAGE } });
    }
    // Only the questionnaire it was handed over for, as the patient's.
    expect(await answer(tablet, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await answer(tablet, PHQ9, 'staff')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A reload (a new connection with the same cookie) is still locked.
    const reloaded = await screen(therapist);
    expect(await request(reloaded, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { message: HANDED_OVER_MESSAGE },
    });
    const stored = await answer(reloaded, PHQ9);
    expect(stored).toMatchObject({
      ok: true,
      event: { type: 'questionnaire.recorded', payload: { completedBy: 'patient', handedOver: true }, actor: { userId: 'u-therapist' } },
    });
    expect(await answer(reloaded, PHQ9)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/has been answered/) } });
    expect((await call(server.vigil, 'GET', '/api/me', therapist)).body).toMatchObject({ handover: { completedAt: expect.any(Number) } });

    // The record shows who handed it over and that the patient answered.
    const nurse = await screen(await signIn(server.vigil, 'nurse'));
    const watched = await request(nurse, 'session.watch', { sessionId, afterSeq: 0 });
    const state = watched.ok ? watched.snapshot : null;
    expect(state?.questionnaires).toEqual([
      expect.objectContaining({
        instrument: 'phq9',
        completedBy: 'patient',
        handedOverBy: expect.objectContaining({ userId: 'u-therapist' }),
      }),
    ]);
    const audit = await queryAudit(server.vigil.store.db, { sessionId, order: 'oldest' });
    expect(audit.filter((row) => row.action.startsWith('questionnaire.')).map((row) => [row.action, row.userId])).toEqual([
      ['questionnaire.handOver', 'u-therapist'],
      ['questionnaire.record', 'u-therapist'],
    ]);
  });

  it('only a staff member’s own sign-in takes it back: a wrong password is refused and audited, an admin is refused, a nurse’s password ends it', async () => {
    const tablet = await openScreen(server.vigil, therapist);
    server.sockets.keep(tablet.socket);
    expect(await handOver(tablet.socket)).toMatchObject({ ok: true });

    const wrong = await call(server.vigil, 'POST', '/api/handover/end', therapist, { username: 'nurse', password: 'not the password' });
    expect(wrong).toMatchObject({ status: 401, body: { error: { message: 'Wrong username or password' } } });
    const admin = await call(server.vigil, 'POST', '/api/handover/end', therapist, { username: 'admin', password: TEST_PASSWORD });
    expect(admin).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/take the tablet back/) } } });
    expect((await call(server.vigil, 'GET', '/api/me', therapist)).body).toMatchObject({ handover: { sessionId } });
    // Without the cookie nobody can end anyone's handover.
    expect((await call(server.vigil, 'POST', '/api/handover/end', null, { username: 'nurse', password: TEST_PASSWORD })).status).toBe(401);

    const response = await fetch(`${server.vigil.url}/api/handover/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: therapist },
      body: JSON.stringify({ username: 'nurse', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, user: { userId: 'u-nurse' } });
    const nurseCookie = response.headers.get('set-cookie')!.split(';')[0]!;
    // The patient's sign-in has ended (its connections close); this browser is now the nurse's, unlocked.
    await expect.poll(() => tablet.closed()).toBe(true);
    expect((await call(server.vigil, 'GET', '/api/me', therapist)).status).toBe(401);
    const me = await call(server.vigil, 'GET', '/api/me', nurseCookie);
    expect(me.body).toMatchObject({ ok: true, user: { userId: 'u-nurse' } });
    expect(me.body.handover).toBeUndefined();
    expect((await call(server.vigil, 'GET', `/api/sessions/${sessionId}`, nurseCookie)).status).toBe(200);
    // Not handed over any more: nothing to end.
    expect(
      (await call(server.vigil, 'POST', '/api/handover/end', nurseCookie, { username: 'nurse', password: TEST_PASSWORD })).status,
    ).toBe(409);

    const audit = await queryAudit(server.vigil.store.db, { order: 'oldest' });
    const rows = audit.filter((row) => ['auth.failed', 'handover.refused', 'handover.end'].includes(row.action));
    expect(rows.map((row) => [row.action, row.userId, row.detail])).toEqual([
      ['auth.failed', 'u-nurse', { username: 'nurse', reason: 'wrong_password' }],
      ['handover.refused', 'u-admin', { sessionId, role: 'admin' }],
      ['handover.end', 'u-nurse', { instrument: 'phq9', handedOverBy: 'u-therapist', answered: false }],
    ]);
    expect(audit.filter((row) => row.action === 'auth.signIn').at(-1)).toMatchObject({
      userId: 'u-nurse',
      detail: { credential: 'handover_end' },
    });
  });

  it('is refused to a role that may not record questionnaires, and locks nothing', async () => {
    const admin = await screen(await signIn(server.vigil, 'admin'));
    expect(await handOver(admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call(server.vigil, 'GET', '/api/me', therapist)).body.handover).toBeUndefined();
  });
});
