import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { hashToken } from '../../../server/auth/tokens';
import { queryAudit } from '../../../server/store/auditQuery';
import { request, signIn, startTestServer } from '../../support/server';
import { call, openScreen, type Screen } from './support';

/**
 * An admin's change reaches open connections at once: the right sockets close (the changed
 * person's, or the one sign-in's) and nobody else's. Real server, real Socket.IO clients.
 */
describe('admin changes close the right live connections', () => {
  let vigil: Vigil;
  let admin: string;
  const screens: Screen[] = [];
  const open = async (who: string) => {
    const screen = await openScreen(vigil, who);
    screens.push(screen);
    return screen;
  };
  const tokenOf = (cookie: string) => cookie.split('=')[1]!;
  const signInIdOf = (cookie: string) => hashToken(tokenOf(cookie));

  beforeEach(async () => {
    vigil = await startTestServer();
    admin = await signIn(vigil, 'admin');
  });
  afterEach(async () => {
    for (const screen of screens.splice(0)) screen.socket.disconnect();
    await vigil.close();
  });

  /** Everyone else keeps a working connection: each still answers a request after the change took effect. */
  const stillOpen = async (...others: Screen[]) => {
    for (const screen of others) {
      expect(await request(screen.socket, 'time.sync', { clientSentAt: Date.now() })).toMatchObject({ ok: true });
      expect(screen.closed()).toBe(false);
    }
  };

  it("disabling a person closes every screen of theirs (both sign-ins), ends their sign-ins, and no one else's", async () => {
    const nurseTablet = await open('nurse');
    const nurseDesk = await open('nurse');
    const prescriber = await open('prescriber');
    const adminScreen = await open(admin);
    const answer = await call(vigil, 'PATCH', '/api/users/u-nurse', admin, { disabled: true });
    expect(answer).toMatchObject({ status: 200, body: { ok: true, user: { disabled: true, signIns: [] } } });
    await expect.poll(() => nurseTablet.closed() && nurseDesk.closed()).toBe(true);
    await stillOpen(prescriber, adminScreen);
    expect((await call(vigil, 'GET', '/api/me', nurseTablet.cookie)).status).toBe(401);
    // Re-enabling does not bring the old cookie back to life.
    expect((await call(vigil, 'PATCH', '/api/users/u-nurse', admin, { disabled: false })).status).toBe(200);
    expect((await call(vigil, 'GET', '/api/me', nurseDesk.cookie)).status).toBe(401);
    const rows = await queryAudit(vigil.store.db, { userId: 'u-nurse', order: 'oldest' });
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.signIn', 'user.disable', 'user.enable']));
    expect(rows.find((r) => r.action === 'user.disable')).toMatchObject({
      userId: 'u-admin',
      subjectUserId: 'u-nurse',
      detail: { signInsEnded: 2 },
    });
  });

  it("a role change closes that person's screens; they reconnect with the new role, and the old role's rights are gone", async () => {
    const therapist = await open('therapist');
    const nurse = await open('nurse');
    expect((await call(vigil, 'PATCH', '/api/users/u-therapist', admin, { role: 'nurse' })).body).toMatchObject({
      ok: true,
      user: { role: 'nurse' },
    });
    await expect.poll(() => therapist.closed()).toBe(true);
    await stillOpen(nurse);
    const again = await open(therapist.cookie);
    expect(again.socket.connected).toBe(true);
    expect((await call(vigil, 'GET', '/api/me', therapist.cookie)).body).toMatchObject({ user: { role: 'nurse' } });
    expect((await call(vigil, 'PATCH', '/api/users/u-therapist', admin, { role: 'admin' })).status).toBe(200);
    await expect.poll(() => again.closed()).toBe(true);
    expect((await call(vigil, 'GET', '/api/users', therapist.cookie)).status).toBe(200);
    expect((await call(vigil, 'GET', '/api/sessions/any', therapist.cookie)).status).toBe(403);
  });

  it("revoking one sign-in closes that browser only; the person's other sign-in stays", async () => {
    const lostTablet = await open('nurse');
    const desk = await open('nurse');
    const other = await open('prescriber');
    const listed = await call(vigil, 'GET', '/api/users', admin);
    const nurse = (listed.body.users as { userId: string; signIns: { signInId: string }[] }[]).find((u) => u.userId === 'u-nurse')!;
    expect(nurse.signIns.map((s) => s.signInId)).toEqual(expect.arrayContaining([signInIdOf(lostTablet.cookie), signInIdOf(desk.cookie)]));
    expect((await call(vigil, 'DELETE', `/api/users/u-nurse/sign-ins/${signInIdOf(lostTablet.cookie)}`, admin)).status).toBe(200);
    await expect.poll(() => lostTablet.closed()).toBe(true);
    await stillOpen(desk, other);
    expect((await call(vigil, 'GET', '/api/me', lostTablet.cookie)).status).toBe(401);
    expect((await call(vigil, 'GET', '/api/me', desk.cookie)).status).toBe(200);
    // Already gone, or someone else's sign-in under this person's id: not found, nothing changed.
    expect((await call(vigil, 'DELETE', `/api/users/u-nurse/sign-ins/${signInIdOf(lostTablet.cookie)}`, admin)).status).toBe(404);
    expect((await call(vigil, 'DELETE', `/api/users/u-nurse/sign-ins/${signInIdOf(other.cookie)}`, admin)).status).toBe(404);
    await stillOpen(other);
  });

  it('an admin setting a password ends every sign-in; the person must choose their own before anything else', async () => {
    const nurse = await open('nurse');
    const other = await open('therapist');
    const weak = await call(vigil, 'POST', '/api/users/u-nurse/password', admin, { password: '1111111111' });
    expect(weak).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['password'] }] } } });
    await stillOpen(nurse);
    expect((await call(vigil, 'POST', '/api/users/u-nurse/password', admin, { password: 'lantern-orchard-47' })).status).toBe(200);
    await expect.poll(() => nurse.closed()).toBe(true);
    await stillOpen(other);
    const fresh = await signIn(vigil, 'nurse', 'lantern-orchard-47');
    expect((await call(vigil, 'GET', '/api/me', fresh)).body).toMatchObject({ user: { mustChangePassword: true } });
    expect((await call(vigil, 'GET', '/api/rooms', fresh)).body).toMatchObject({
      error: { code: 'forbidden', message: 'Choose a new password before going on' },
    });
    await expect(openScreen(vigil, fresh)).rejects.toThrow('password_change_required');
    const changed = await call(vigil, 'POST', '/api/account/password', fresh, {
      currentPassword: 'lantern-orchard-47',
      newPassword: 'quiet-harbour-lights',
    });
    expect(changed).toMatchObject({ status: 200, body: { user: { mustChangePassword: false } } });
    expect((await call(vigil, 'GET', '/api/rooms', fresh)).status).toBe(200);
    expect((await open(fresh)).socket.connected).toBe(true);
  });

  it("a sign-in's sockets close when it expires, others stay; the sweep purges it and audits the expiry", async () => {
    const short = await signIn(vigil, 'nurse');
    await vigil.store.db
      .updateTable('auth_sessions')
      .set({ expires_at: Date.now() + 1_500 })
      .where('token_hash', '=', signInIdOf(short))
      .execute();
    const expiring = await open(short);
    const lasting = await open('nurse');
    await expect.poll(() => expiring.closed(), { timeout: 5_000 }).toBe(true);
    await stillOpen(lasting);
    expect((await call(vigil, 'GET', '/api/me', short)).status).toBe(401);
    await vigil.signIns.sweep();
    const left = await vigil.store.db
      .selectFrom('auth_sessions')
      .select('token_hash')
      .where('token_hash', '=', signInIdOf(short))
      .execute();
    expect(left).toEqual([]);
    expect((await queryAudit(vigil.store.db, { action: 'auth.expired' })).map((r) => r.userId)).toEqual(['u-nurse']);
  });
  it("signing out closes that browser's screens only and is audited with who and from where", async () => {
    const tablet = await open('nurse');
    const desk = await open('nurse');
    expect((await call(vigil, 'POST', '/api/auth/logout', tablet.cookie)).status).toBe(200);
    await expect.poll(() => tablet.closed()).toBe(true);
    await stillOpen(desk);
    expect((await call(vigil, 'GET', '/api/me', tablet.cookie)).status).toBe(401);
    expect(await queryAudit(vigil.store.db, { action: 'auth.signOut' })).toEqual([
      expect.objectContaining({ userId: 'u-nurse', remoteAddress: expect.stringMatching(/127\.0\.0\.1/) }),
    ]);
  });

  it('a screen whose sign-in was checked just before the person was disabled is closed once it joins, not left open', async () => {
    const cookie = await signIn(vigil, 'nurse');
    const authenticate = vigil.auth.authenticate;
    let handshakeChecked!: () => void;
    const checked = new Promise<void>((resolve) => (handshakeChecked = resolve));
    let releaseHandshake!: () => void;
    const released = new Promise<void>((resolve) => (releaseHandshake = resolve));
    let first = true;
    // The handshake's check answers "valid", then the disable commits and closes the person's screens before this one has joined.
    vigil.auth.authenticate = async (token) => {
      const found = await authenticate(token);
      if (first) {
        first = false;
        handshakeChecked();
        await released;
      }
      return found;
    };
    const connecting = open(cookie);
    await checked;
    expect((await call(vigil, 'PATCH', '/api/users/u-nurse', admin, { disabled: true })).status).toBe(200);
    releaseHandshake();
    const late = await connecting.catch(() => null);
    if (late) await expect.poll(() => late.socket.connected).toBe(false);
  });
});
