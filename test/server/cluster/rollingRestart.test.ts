import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type ServerProcess } from '../../support/process';
import { connectClient, goodVitals, request } from '../../support/server';
import { expectStoreAndScreensAgree, prepareCluster, signInAt, storedSeqs, watchingScreen, writingTablet } from './faultHarness';

/**
 * A rolling restart: two processes on one PostgreSQL database and Redis, each stopped with
 * SIGTERM and started again on its port while nurses on both keep entering readings. Screens
 * reconnect by themselves (the same page, no reload) and catch up; nothing acknowledged is lost.
 */
describe('rolling restart of two processes with SIGTERM under load', () => {
  let cluster: Awaited<ReturnType<typeof prepareCluster>>;
  let database: { url: string };
  let sessionId: string;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    cluster = await prepareCluster('rolling');
    ({ database, sessionId } = cluster);
    env = cluster.env();
    for (let i = 0; i < 2; i += 1) {
      ports.push(await freePort());
      servers.push(await spawnServer({ ...env, PORT: String(ports[i]) }, { bundled: true }));
    }
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop(servers);
  }, 60_000);

  /** SIGTERM, wait for a clean exit, start again on the same port. */
  async function restart(index: number) {
    const server = servers[index]!;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    server.child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/Received SIGTERM; stopping/);
    expect(server.output()).not.toMatch(/unhandled|\[vigil\] while stopping/i);
    servers[index] = await spawnServer({ ...env, PORT: String(ports[index]) }, { bundled: true });
  }

  it("every acknowledged reading is stored once, every screen reconnects without a reload and ends with the store's events", async () => {
    const urls = servers.map((server) => server.url);
    const screens: Awaited<ReturnType<typeof watchingScreen>>[] = [];
    for (const url of urls) {
      for (const username of ['nurse', 'prescriber'])
        screens.push(await watchingScreen(url, await signInAt(url, username), sessionId, { reconnect: true }));
    }
    // Several tablets per process, so commands are in flight when SIGTERM comes.
    const writers: Awaited<ReturnType<typeof writingTablet>>[] = [];
    for (const url of urls) {
      for (const username of ['nurse', 'prescriber', 'nurse'])
        writers.push(await writingTablet(url, await signInAt(url, username), sessionId));
    }
    const moreAcks = async (count: number) => {
      const targets = writers.map((writer) => writer.acked.size + count);
      await expect.poll(() => writers.every((writer, i) => writer.acked.size >= targets[i]!), { timeout: 60_000 }).toBe(true);
    };

    await moreAcks(10);
    for (let cycle = 0; cycle < 2; cycle += 1) {
      for (const index of [0, 1]) {
        await restart(index);
        await moreAcks(10);
      }
    }
    for (const writer of writers) await writer.stop();

    // A stopping process finishes what it took and takes nothing new: no command is refused.
    expect(writers.flatMap((writer) => writer.refusals)).toEqual([]);
    for (const screen of screens) expect(screen.reconnections()).toBeGreaterThanOrEqual(2);
    const lastSeq = await expectStoreAndScreensAgree(database.url, sessionId, writers, screens, { allowResent: true });
    console.log(
      `Rolling restart: 4 SIGTERMs; ${writers.reduce((sum, writer) => sum + writer.acked.size, 0)} readings acknowledged, ${lastSeq} events, ${screens.length} screens reconnected and caught up`,
    );
  }, 300_000);

  it('a command in flight when SIGTERM comes is committed and acknowledged by the stopping process', async () => {
    const server = servers[0]!;
    const socket = await connectClient(server.url, await signInAt(server.url, 'nurse'));
    // Hold the session's row so the command waits inside its transaction.
    const lock = new pg.Client({ connectionString: database.url });
    await lock.connect();
    await lock.query('begin');
    await lock.query('select * from sessions where session_id = $1 for update', [sessionId]);
    const commandId = randomUUID();
    const answered = request(socket, 'vitals.record', { commandId, sessionId, observedAt: Date.now() - 1_000, vitals: goodVitals });
    await expect
      .poll(
        async () =>
          (
            await lock.query(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            )
          ).rows[0].n,
      )
      .toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    await expect.poll(() => server.output()).toMatch(/Received SIGTERM; stopping/);
    await lock.query('commit');
    await lock.end();
    // The answer comes before the process ends, or never.
    const ack = await Promise.race([answered, exited.then(() => 'the process ended without answering')]);
    expect(ack).toMatchObject({ ok: true });
    expect(await exited).toBe(0);
    const stored = await storedSeqs(database.url, sessionId);
    expect(stored.filter((row) => row.commandId === commandId)).toHaveLength(1);
    socket.disconnect();
    servers[0] = await spawnServer({ ...env, PORT: String(ports[0]) }, { bundled: true });
  }, 120_000);
});
