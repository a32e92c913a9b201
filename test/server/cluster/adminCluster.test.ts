import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { dropPostgres, sharedStore } from '../../support/postgres';
import { request, signIn, startTestServer } from '../../support/server';
import { call, openScreen, type Screen } from '../admin/support';

/** Two processes sharing PostgreSQL and Redis: an admin's change on one reaches screens on the other. */
describe('admin changes on one process reach every process', () => {
  const databases: string[] = [];
  let a: Vigil;
  let b: Vigil;
  const screens: Screen[] = [];

  beforeAll(async () => {
    const shared = await sharedStore(databases, 'admin');
    a = await startTestServer(shared, undefined, { alarmTickMs: null });
    b = await startTestServer(shared, undefined, { alarmTickMs: null });
  });
  afterAll(async () => {
    for (const screen of screens) screen.socket.disconnect();
    await a?.close();
    await b?.close();
    await dropPostgres(databases);
  });

  it("disabling a nurse through process A closes her screens on A and on B, and nobody else's", async () => {
    const nurse = await signIn(a, 'nurse');
    const onA = await openScreen(a, nurse);
    const onB = await openScreen(b, nurse);
    const prescriberOnB = await openScreen(b, 'prescriber');
    screens.push(onA, onB, prescriberOnB);
    const admin = await signIn(a, 'admin');
    expect((await call(a, 'PATCH', '/api/users/u-nurse', admin, { disabled: true })).status).toBe(200);
    await expect.poll(() => onA.closed() && onB.closed()).toBe(true);
    expect(await request(prescriberOnB.socket, 'time.sync', { clientSentAt: Date.now() })).toMatchObject({ ok: true });
    expect((await call(b, 'GET', '/api/me', nurse)).status).toBe(401);
  });

  it('sign-ins on both processes at once keep one unbroken audit chain', async () => {
    await Promise.all(Array.from({ length: 16 }, (_, i) => signIn(i % 2 ? a : b, i % 3 ? 'therapist' : 'prescriber')));
    expect(await verifyAuditChain(b.store.db)).toMatchObject({ intact: true, firstBreak: null });
  });
});
