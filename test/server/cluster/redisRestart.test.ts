import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../../support/process';
import type { TestRedis } from '../../support/redis';
import { expectStoreAndScreensAgree, prepareCluster, readyz, whenAnyExits, signInAt, watchingScreen, writingTablet } from './faultHarness';

/**
 * Two Vigil processes (real child processes) on one PostgreSQL database and a redis-server of
 * the test's own, which the test kills and starts again, and freezes, while nurses on both
 * processes keep entering readings. No process ends; every screen ends with exactly the store's
 * events, each once, caught up by the servers themselves (these screens never ask again).
 */
describe('Redis killed, restarted and frozen under load with two processes', () => {
  let cluster: Awaited<ReturnType<typeof prepareCluster>>;
  let redis: TestRedis;
  let database: { url: string };
  let sessionId: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    cluster = await prepareCluster('redis');
    ({ redis, database, sessionId } = cluster);
    servers.push(await spawnServer(cluster.env(), { bundled: true }), await spawnServer(cluster.env(), { bundled: true }));
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop(servers);
  }, 60_000);

  it("no process exits, /readyz says degraded while Redis is away, and every screen ends with the store's events", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const screens: Awaited<ReturnType<typeof watchingScreen>>[] = [];
    for (const server of servers) {
      for (const username of ['nurse', 'prescriber', 'therapist']) {
        screens.push(await watchingScreen(server.url, await signInAt(server.url, username), sessionId, { reconnect: false }));
      }
    }
    const onA = await writingTablet(a.url, await signInAt(a.url, 'nurse'), sessionId);
    const onB = await writingTablet(b.url, await signInAt(b.url, 'prescriber'), sessionId);

    const exited = whenAnyExits(servers);
    const moreAcks = async (count: number, writers = [onA, onB]) => {
      const targets = writers.map((writer) => writer.acked.size + count);
      await Promise.race([
        expect.poll(() => writers.every((writer, i) => writer.acked.size >= targets[i]!), { timeout: 60_000 }).toBe(true),
        exited,
      ]);
    };
    const status = async (server: ServerProcess) => (await readyz(server.url)).body.status;

    await moreAcks(5);
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      await redis.kill();
      for (const server of servers) await expect.poll(() => status(server), { timeout: 20_000 }).toBe('degraded');
      expect((await readyz(a.url)).body.reason).toMatch(/Cross-process delivery paused/);
      // Redis away: both processes keep committing and answering.
      await moreAcks(5);
      await redis.start();
      for (const server of servers) await expect.poll(() => status(server), { timeout: 20_000 }).toBe('ready');
      await moreAcks(5);
    }

    // A Redis that hangs (stopped, connections open): screens are still answered.
    redis.pause();
    await moreAcks(5);
    redis.resume();
    await moreAcks(5);

    // From here only B writes, so A's screens cannot catch up by A's own next commit. While
    // Redis is away B commits; when it is back A reads them from the store by itself.
    await onA.stop();
    await redis.kill();
    await expect.poll(() => status(a), { timeout: 20_000 }).toBe('degraded');
    await moreAcks(5, [onB]);
    await onB.stop();
    const duringOutage = Math.max(...onB.acked.values());
    await redis.start();
    const onAScreens = screens.slice(0, 3);
    await Promise.race([
      expect.poll(() => onAScreens.every((screen) => screen.lastSeq() >= duringOutage), { timeout: 30_000 }).toBe(true),
      exited,
    ]);
    // And Redis carries B's commits to A's screens again.
    const againOnB = await writingTablet(b.url, await signInAt(b.url, 'prescriber'), sessionId);
    await moreAcks(5, [againOnB]);
    await againOnB.stop();

    const lastSeq = await expectStoreAndScreensAgree(database.url, sessionId, [onA, onB, againOnB], screens);
    const acked = onA.acked.size + onB.acked.size + againOnB.acked.size;
    expect(acked).toBeGreaterThanOrEqual(rounds * 20);
    for (const server of servers) {
      expect(server.child.exitCode).toBeNull();
      expect(server.child.signalCode).toBeNull();
      expect(server.output()).not.toMatch(/unhandled|SocketClosedUnexpectedly/i);
      expect(server.output()).toMatch(/Redis reachable again: catching up from the store/);
    }
    console.log(
      `Redis: ${rounds} kills and a freeze; ${acked} readings acknowledged, ${lastSeq} events, ${screens.length} screens all caught up`,
    );
  }, 300_000);
});
