import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { startTestRedis, type TestRedis } from '../../support/redis';
import { io as connect } from 'socket.io-client';
import { goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../../support/server';
import { call, openScreen } from '../admin/support';
import { readyz } from './faultHarness';

/**
 * A Redis that hangs (SIGSTOP: its connections stay open and nothing is answered) is as much
 * "away" as one that is down: within seconds /readyz says cross-process delivery is paused, and
 * what this process does itself through the adapter (closing a disabled person's screens) is
 * not held until Redis answers again. A redis-server of the test's own.
 */
describe('a frozen Redis', () => {
  let redis: TestRedis;
  let vigil: Vigil;
  let closed = false;

  beforeAll(async () => {
    redis = await startTestRedis();
    vigil = await startTestServer({ redisUrl: redis.url, redisStream: `vigil-test-${randomUUID()}` }, undefined, { alarmTickMs: null });
  });
  afterAll(async () => {
    redis?.resume();
    if (!closed) await vigil?.close();
    await redis?.stop();
  });

  it('is reported as degraded, and a disabled nurse’s screen on this process still closes at once; ready again when it answers', async () => {
    const nurse = await openScreen(vigil, 'nurse');
    const admin = await openScreen(vigil, 'admin');
    expect((await readyz(vigil.url)).body.status).toBe('ready');

    redis.pause();
    await expect
      .poll(async () => (await readyz(vigil.url)).body, { timeout: 15_000 })
      .toMatchObject({
        status: 'degraded',
        reason: expect.stringMatching(/Cross-process delivery paused/),
      });
    expect((await call(vigil, 'PATCH', '/api/users/u-nurse', admin.cookie, { disabled: true })).status).toBe(200);
    await expect.poll(() => nurse.closed(), { timeout: 5_000 }).toBe(true);

    redis.resume();
    await expect.poll(async () => (await readyz(vigil.url)).body.status, { timeout: 15_000 }).toBe('ready');
    admin.socket.disconnect();
  }, 60_000);

  it('a reading recorded while it hangs is acknowledged and reaches this process’s screens, and the process stays up', async () => {
    const sessionId = await openTestSession(vigil, 'room-1');
    // The nurse was disabled above: the prescriber records, the therapist watches.
    const recorder = await openScreen(vigil, 'prescriber');
    const watcher = await openScreen(vigil, 'therapist');
    expect(await request(watcher.socket, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({ ok: true });
    const notices: unknown[] = [];
    watcher.socket.on('server.delivery', (notice) => notices.push(notice));
    redis.pause();
    await expect.poll(async () => (await readyz(vigil.url)).body.status, { timeout: 15_000 }).toBe('degraded');
    // Every screen hears that this process cannot hear the others; one connecting now hears it at once.
    await expect.poll(() => notices.at(-1), { timeout: 5_000 }).toMatchObject({ pausedSince: expect.any(Number) });
    const late = connect(vigil.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: await signIn(vigil, 'therapist') },
      reconnection: false,
      forceNew: true,
    }) as TestSocket;
    const lateNotice = await new Promise((resolve) => late.once('server.delivery', resolve));
    expect(lateNotice).toMatchObject({ pausedSince: expect.any(Number) });
    late.disconnect();
    const arrived = new Promise((resolve) => watcher.socket.once('session.event', resolve));
    const commandId = randomUUID();
    const ack = await request(recorder.socket, 'vitals.record', {
      commandId,
      sessionId,
      observedAt: vigil.clock.now() - 1000,
      vitals: goodVitals,
    });
    expect(ack).toMatchObject({ ok: true, duplicate: false });
    expect(await arrived).toMatchObject({ type: 'vitals.recorded', commandId });
    // Telling the other processes failed (Redis is silent): that must not end this one.
    for (let i = 0; i < 3; i += 1) {
      const again = { commandId: randomUUID(), sessionId, observedAt: vigil.clock.now() - 1000, vitals: goodVitals };
      expect(await request(recorder.socket, 'vitals.record', again)).toMatchObject({ ok: true });
    }
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);
    expect(recorder.closed()).toBe(false);
    redis.resume();
    await expect.poll(async () => (await readyz(vigil.url)).body.status, { timeout: 15_000 }).toBe('ready');
    await expect.poll(() => notices.at(-1), { timeout: 5_000 }).toBeNull();
    recorder.socket.disconnect();
    watcher.socket.disconnect();
  }, 60_000);

  it('does not hold a graceful stop', async () => {
    redis.pause();
    await vigil.close();
    closed = true;
  }, 30_000);
});

describe('Redis away when a process starts', () => {
  it('the process starts and serves, degraded, and is ready once Redis is there', async () => {
    const redis = await startTestRedis();
    await redis.kill();
    const vigil = await startTestServer({ redisUrl: redis.url, redisStream: `vigil-test-${randomUUID()}` }, undefined, {
      alarmTickMs: null,
    });
    try {
      expect((await readyz(vigil.url)).body).toMatchObject({
        status: 'degraded',
        reason: expect.stringMatching(/Cross-process delivery paused/),
      });
      const nurse = await openScreen(vigil, 'nurse');
      expect(await request(nurse.socket, 'time.sync', { clientSentAt: Date.now() })).toMatchObject({ ok: true });
      await redis.start();
      await expect.poll(async () => (await readyz(vigil.url)).body.status, { timeout: 15_000 }).toBe('ready');
      nurse.socket.disconnect();
    } finally {
      await vigil.close();
      await redis.stop();
    }
  }, 60_000);
});

describe('a Redis that refuses to publish', () => {
  it('is reported as degraded while it refuses, and ready again when it publishes', async () => {
    const redis = await startTestRedis();
    const vigil = await startTestServer({ redisUrl: redis.url, redisStream: `vigil-test-${randomUUID()}` }, undefined, {
      alarmTickMs: null,
    });
    const operator = createClient({ url: redis.url });
    await operator.connect();
    try {
      expect((await readyz(vigil.url)).body.status).toBe('ready');
      // What a misconfigured ACL (or a Redis refusing writes) looks like: PING answers, PUBLISH is refused.
      await operator.sendCommand(['ACL', 'SETUSER', 'default', '-publish']);
      await expect
        .poll(async () => (await readyz(vigil.url)).body, { timeout: 15_000 })
        .toMatchObject({
          status: 'degraded',
          reason: expect.stringMatching(/refuses.*NOPERM/i),
        });
      await operator.sendCommand(['ACL', 'SETUSER', 'default', '+publish']);
      await expect.poll(async () => (await readyz(vigil.url)).body.status, { timeout: 15_000 }).toBe('ready');
    } finally {
      await operator.quit();
      await vigil.close();
      await redis.stop();
    }
  }, 60_000);
});
