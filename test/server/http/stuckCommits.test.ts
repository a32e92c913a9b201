import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { STUCK_COMMIT_MS } from '../../../server/http/healthRoutes';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { connectClient, goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../../support/server';

async function readyz(vigil: Vigil) {
  const response = await fetch(`${vigil.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { store?: string; reason?: string; status?: string } };
}

/**
 * A PostgreSQL that answers pings but whose writes hang (another client holds a lock every batch
 * needs: the audit chain's head) raises no error. /readyz must not say "ready" while commands
 * wait; once the lock goes, they commit and it is ready again. The reviewer's case.
 */
describe('/readyz while writes are stuck behind a lock (PostgreSQL)', () => {
  let vigil: Vigil;
  let url: string;
  let nurse: TestSocket;
  let sessionId: string;
  const databases: string[] = [];

  beforeAll(async () => {
    url = await freshPostgres(databases, 'stuck');
    vigil = await startTestServer({ databaseUrl: url }, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    sessionId = await openTestSession(vigil, 'room-1');
    nurse = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
  });
  afterAll(async () => {
    nurse?.disconnect();
    await vigil?.close();
    await dropPostgres(databases);
  });

  it('says not committing (503) once a command has waited its limit, and ready once it commits', async () => {
    expect((await readyz(vigil)).status).toBe(200);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table audit_chain in access exclusive mode');
    const commandId = randomUUID();
    const ack = request(nurse, 'vitals.record', { commandId, sessionId, observedAt: vigil.clock.now() - 1000, vitals: goodVitals });
    await expect
      .poll(async () => (await readyz(vigil)).body, { timeout: STUCK_COMMIT_MS + 20_000, interval: 500 })
      .toMatchObject({ store: 'not_committing', reason: expect.stringMatching(/^Writes are not completing: the oldest has waited \d+ s/) });
    expect((await readyz(vigil)).status).toBe(503);
    await holder.query('rollback');
    await holder.end();
    expect(await ack).toMatchObject({ ok: true, duplicate: false });
    await expect.poll(async () => (await readyz(vigil)).status, { timeout: 10_000 }).toBe(200);
  }, 60_000);
});
