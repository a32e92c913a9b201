import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../../support/process';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy';
import { expectStoreAndScreensAgree, prepareCluster, readyz, signInAt, watchingScreen, whenAnyExits, writingTablet } from './faultHarness';

/**
 * The same two processes with PostgreSQL going away under load: reached through a TCP relay
 * that the test cuts (every connection dropped, new ones refused) and restores, as a restart
 * looks from Vigil's side, and with the database's backends terminated by PostgreSQL itself.
 */
describe('PostgreSQL restarted under load with two processes', () => {
  let cluster: Awaited<ReturnType<typeof prepareCluster>>;
  let proxy: TcpProxy;
  let database: { url: string; admin: { query(text: string, values: unknown[]): Promise<unknown> } };
  let databaseName: string;
  let sessionId: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    cluster = await prepareCluster('pg');
    ({ database, databaseName, sessionId } = cluster);
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const relayed = new URL(database.url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(proxy.port);
    servers.push(
      await spawnServer(cluster.env(relayed.toString()), { bundled: true }),
      await spawnServer(cluster.env(relayed.toString()), { bundled: true }),
    );
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop(servers);
  }, 60_000);

  it("no process exits, /readyz says why while it is away, every acknowledged reading is stored once and every screen ends with the store's events", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const screens: Awaited<ReturnType<typeof watchingScreen>>[] = [];
    for (const server of servers) {
      for (const username of ['nurse', 'prescriber'])
        screens.push(await watchingScreen(server.url, await signInAt(server.url, username), sessionId, { reconnect: false }));
    }
    const onA = await writingTablet(a.url, await signInAt(a.url, 'nurse'), sessionId);
    const onB = await writingTablet(b.url, await signInAt(b.url, 'prescriber'), sessionId);
    const exited = whenAnyExits(servers);
    const moreAcks = async (count: number) => {
      const targets = [onA, onB].map((writer) => writer.acked.size + count);
      await Promise.race([
        expect.poll(() => [onA, onB].every((writer, i) => writer.acked.size >= targets[i]!), { timeout: 60_000 }).toBe(true),
        exited,
      ]);
    };

    await moreAcks(5);
    for (let round = 0; round < 4; round += 1) {
      await proxy.cut();
      for (const server of servers)
        await Promise.race([expect.poll(async () => (await readyz(server.url)).status, { timeout: 20_000 }).toBe(503), exited]);
      expect((await readyz(a.url)).body).toMatchObject({ ok: false, reason: expect.stringMatching(/store/i) });
      await proxy.restore();
      for (const server of servers)
        await expect.poll(async () => (await readyz(server.url)).body.status, { timeout: 30_000 }).toBe('ready');
      await moreAcks(5);
      // PostgreSQL itself ends the database's connections (what a restart does to them).
      await database.admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
        databaseName,
      ]);
      await moreAcks(5);
    }
    await onA.stop();
    await onB.stop();

    const lastSeq = await expectStoreAndScreensAgree(database.url, sessionId, [onA, onB], screens);
    for (const server of servers) {
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).not.toMatch(/unhandled/i);
    }
    console.log(
      `PostgreSQL: 4 cuts and 4 terminations; ${onA.acked.size + onB.acked.size} readings acknowledged, ${onA.refusals.length + onB.refusals.length} refused as store_unavailable and sent again, ${lastSeq} events`,
    );
  }, 300_000);
});
