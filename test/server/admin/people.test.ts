import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { queryAudit } from '../../../server/store/auditQuery';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { signIn, startTestServer, TEST_PASSWORD } from '../../support/server';
import { call } from './support';

describe('people: add, name, role, disable, passwords — each change audited with its actor in the same transaction', () => {
  let vigil: Vigil;
  let admin: string;
  beforeEach(async () => {
    vigil = await startTestServer();
    admin = await signIn(vigil, 'admin');
  });
  afterEach(async () => {
    await vigil.close();
  });

  it('adds a nurse who signs in with the first password, must change it, and then works as a nurse', async () => {
    const created = await call(vigil, 'POST', '/api/users', admin, {
      displayName: 'Ann Wright',
      username: 'ann',
      role: 'nurse',
      password: 'lantern-orchard-47',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { ok: true, user: { username: 'ann', role: 'nurse', disabled: false, mustChangePassword: true, signIns: [] } },
    });
    expect(created.body.user).not.toHaveProperty('passwordHash');
    const ann = await signIn(vigil, 'ann', 'lantern-orchard-47');
    expect(
      (
        await call(vigil, 'POST', '/api/account/password', ann, {
          currentPassword: 'wrong-one-entirely',
          newPassword: 'quiet-harbour-lights',
        })
      ).body,
    ).toMatchObject({ error: { issues: [{ path: ['currentPassword'] }] } });
    expect(
      (await call(vigil, 'POST', '/api/account/password', ann, { currentPassword: 'lantern-orchard-47', newPassword: 'annwright99' })).body,
    ).toMatchObject({ error: { issues: [{ path: ['newPassword'] }] } });
    expect(
      (
        await call(vigil, 'POST', '/api/account/password', ann, {
          currentPassword: 'lantern-orchard-47',
          newPassword: 'quiet-harbour-lights',
        })
      ).status,
    ).toBe(200);
    expect((await call(vigil, 'GET', '/api/rooms', ann)).status).toBe(200);
    expect((await call(vigil, 'GET', '/api/users', ann)).status).toBe(403);
    const rows = await queryAudit(vigil.store.db, { userId: (created.body.user as { userId: string }).userId, order: 'oldest' });
    expect(rows.map((r) => [r.action, r.username])).toEqual([
      ['user.create', 'admin'],
      ['auth.signIn', 'ann'],
      ['auth.failed', 'ann'],
      ['account.passwordChange', 'ann'],
    ]);
    expect(rows[0]).toMatchObject({ detail: { username: 'ann', displayName: 'Ann Wright', role: 'nurse' } });
    expect(await verifyAuditChain(vigil.store.db)).toMatchObject({ intact: true });
  });

  it('refuses bad input at its field and changes nothing: taken username (in any capitals), weak or common password, unknown role', async () => {
    const before = await call(vigil, 'GET', '/api/users', admin);
    const cases: [unknown, string[]][] = [
      [{ displayName: 'X', username: 'nurse', role: 'nurse', password: 'lantern-orchard-47' }, ['username']],
      // Differing only in capitals, two accounts would be mistaken for each other.
      [{ displayName: 'X', username: 'NURSE', role: 'nurse', password: 'lantern-orchard-47' }, ['username']],
      [{ displayName: 'X', username: 'x1', role: 'nurse', password: '1111111111' }, ['password']],
      [{ displayName: 'X', username: 'x2', role: 'nurse', password: 'Password123!' }, ['password']],
      [{ displayName: 'Bo Chen', username: 'bochen', role: 'nurse', password: 'bochen-2026!' }, ['password']],
      [{ displayName: 'X', username: 'x3', role: 'superuser', password: 'lantern-orchard-47' }, ['role']],
      [{ displayName: '', username: 'no spaces', role: 'nurse', password: 'lantern-orchard-47' }, ['displayName', 'username']],
    ];
    for (const [body, fields] of cases) {
      const answer = await call(vigil, 'POST', '/api/users', admin, body);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(answer.body.error!.issues.map((i) => i.path[0]).sort()).toEqual(fields);
    }
    expect((await call(vigil, 'GET', '/api/users', admin)).body.users).toEqual(before.body.users);
    expect(await queryAudit(vigil.store.db, { action: 'user.create' })).toEqual([]);
  });

  it('an admin cannot disable or demote themselves, and the last active admin stays an admin', async () => {
    expect((await call(vigil, 'PATCH', '/api/users/u-admin', admin, { disabled: true })).status).toBe(409);
    expect((await call(vigil, 'PATCH', '/api/users/u-admin', admin, { role: 'nurse' })).status).toBe(409);
    await call(vigil, 'PATCH', '/api/users/u-prescriber', admin, { role: 'admin' });
    const second = await signIn(vigil, 'prescriber');
    expect((await call(vigil, 'PATCH', '/api/users/u-admin', second, { role: 'nurse' })).status).toBe(200);
    const refusal = await call(vigil, 'PATCH', '/api/users/u-prescriber', await signIn(vigil, 'prescriber'), { disabled: true });
    expect(refusal.status).toBe(409);
    expect(
      (await queryAudit(vigil.store.db, { action: 'user.roleChange', order: 'oldest' })).map((r) => [r.userId, r.subjectUserId, r.detail]),
    ).toEqual([
      ['u-admin', 'u-prescriber', { username: 'prescriber', from: 'prescriber', to: 'admin' }],
      ['u-prescriber', 'u-admin', { username: 'admin', from: 'admin', to: 'nurse' }],
    ]);
  });

  it("the Users list shows each person's active sign-ins with where from", async () => {
    await signIn(vigil, 'nurse');
    const listed = await call(vigil, 'GET', '/api/users', admin);
    const nurse = (listed.body.users as { username: string; signIns: { remoteAddress: string; expiresAt: number }[] }[]).find(
      (u) => u.username === 'nurse',
    )!;
    expect(nurse.signIns).toEqual([expect.objectContaining({ remoteAddress: '127.0.0.1', expiresAt: expect.any(Number) })]);
  });
  it('a stolen cookie cannot guess its way to a password change: wrong current passwords are audited and lock the account like sign-ins', async () => {
    const nurse = await signIn(vigil, 'nurse');
    const change = (currentPassword: string) =>
      call(vigil, 'POST', '/api/account/password', nurse, { currentPassword, newPassword: 'quiet-harbour-lights' });
    for (let i = 1; i <= 10; i += 1) expect((await change(`guess-number-${i}`)).status).toBe(400);
    expect(await change(TEST_PASSWORD)).toMatchObject({
      status: 429,
      body: { error: { message: expect.stringMatching(/account is locked/) } },
    });
    const failed = await queryAudit(vigil.store.db, { action: 'auth.failed' });
    expect(failed).toHaveLength(10);
    expect(failed[0]).toMatchObject({ userId: 'u-nurse', detail: { username: 'nurse', reason: 'wrong_current_password' } });
    expect(await queryAudit(vigil.store.db, { action: 'auth.lockout' })).toEqual([
      expect.objectContaining({ userId: 'u-nurse', detail: { username: 'nurse', limit: 'username' } }),
    ]);
    expect(await queryAudit(vigil.store.db, { action: 'account.passwordChange' })).toEqual([]);
  });
});
