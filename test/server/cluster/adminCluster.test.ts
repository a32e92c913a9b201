import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { request, signIn } from '../../support/server';
import { twoProcesses } from '../../support/twoProcesses';
import { call, openScreen } from '../admin/support';

/** Two processes sharing PostgreSQL and Redis: an admin's change on one reaches screens on the other. */
describe('admin changes on one process reach every process', () => {
  const cluster = twoProcesses('admin');

  it("disabling a nurse through process A closes her screens on A and on B, and nobody else's", async () => {
    const { a, b } = cluster;
    const nurse = await signIn(a, 'nurse');
    const onA = await openScreen(a, nurse);
    const onB = await openScreen(b, nurse);
    const prescriberOnB = await openScreen(b, 'prescriber');
    cluster.keep(onA.socket, onB.socket, prescriberOnB.socket);
    const admin = await signIn(a, 'admin');
    expect((await call(a, 'PATCH', '/api/users/u-nurse', admin, { disabled: true })).status).toBe(200);
    await expect.poll(() => onA.closed() && onB.closed()).toBe(true);
    expect(await request(prescriberOnB.socket, 'time.sync', { clientSentAt: Date.now() })).toMatchObject({ ok: true });
    expect((await call(b, 'GET', '/api/me', nurse)).status).toBe(401);
  });

  it('sign-ins on both processes at once keep one unbroken audit chain', async () => {
    const { a, b } = cluster;
    await Promise.all(Array.from({ length: 16 }, (_, i) => signIn(i % 2 ? a : b, i % 3 ? 'therapist' : 'prescriber')));
    expect(await verifyAuditChain(b.store.db)).toMatchObject({ intact: true, firstBreak: null });
  });
});
