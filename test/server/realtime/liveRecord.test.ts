import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../shared/session/events';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { connectClient, goodVitals, openTestSession, request, signIn } from '../../support/server';
import { serverPerTest } from '../../support/perTest';

describe('live session record over real sockets', () => {
  const server = serverPerTest();
  const client = server.sockets.client;
  let sessionId: string;
  beforeEach(async () => {
    sessionId = await openTestSession(server.vigil);
  });

  it('a reading recorded by the nurse reaches every watching screen, after it is stored', async () => {
    const nurse = await client('nurse');
    const watchers = [await client('prescriber'), await client('therapist'), await client('nurse')];
    for (const watcher of watchers) {
      const watched = await request(watcher, 'session.watch', { sessionId, afterSeq: 0 });
      expect(watched.ok).toBe(true);
    }
    const arrivals = watchers.map((watcher) => new Promise<SessionEvent>((resolve) => watcher.once('session.event', resolve)));
    const commandId = randomUUID();
    const ack = await request(nurse, 'vitals.record', {
      commandId,
      sessionId,
      observedAt: server.vigil.clock.now() - 60_000,
      vitals: goodVitals,
    });
    expect(ack).toMatchObject({ ok: true, duplicate: false });
    for (const event of await Promise.all(arrivals)) {
      expect(event).toMatchObject({ type: 'vitals.recorded', seq: 2, commandId, payload: { vitals: goodVitals } });
      expect(event.actor).toMatchObject({ kind: 'user', role: 'nurse' });
    }
    const stored = await server.vigil.sessions.eventsAfter(sessionId, 0);
    expect(stored.map((e) => e.type)).toEqual(['session.opened', 'vitals.recorded']);
  });

  it('a command sent twice is stored once and acknowledged both times', async () => {
    const nurse = await client('nurse');
    const payload = { commandId: randomUUID(), sessionId, observedAt: server.vigil.clock.now(), vitals: goodVitals };
    const first = await request(nurse, 'vitals.record', payload);
    const second = await request(nurse, 'vitals.record', payload);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true });
    if (first.ok && second.ok) expect(second.event.seq).toBe(first.event.seq);
    expect((await server.vigil.sessions.eventsAfter(sessionId, 0)).length).toBe(2);
  });

  it('refuses implausible values at their field and stores nothing; accepts alarming but plausible values', async () => {
    const nurse = await client('nurse');
    const cases = [
      { vitals: { ...goodVitals, systolicMmHg: 400 }, path: ['vitals', 'systolicMmHg'] },
      { vitals: { ...goodVitals, systolicMmHg: 120, diastolicMmHg: 130 }, path: ['vitals', 'diastolicMmHg'] },
      { vitals: { ...goodVitals, spo2Percent: 120 }, path: ['vitals', 'spo2Percent'] },
    ];
    for (const { vitals, path } of cases) {
      const ack = await request(nurse, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: server.vigil.clock.now(),
        vitals,
      });
      expect(ack.ok).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code).toBe('invalid_input');
        expect(ack.error.issues.map((i) => i.path)).toContainEqual(path);
        expect(ack.error.message.length).toBeGreaterThan(10);
      }
    }
    expect((await server.vigil.sessions.eventsAfter(sessionId, 0)).length).toBe(1);
    const alarming = await request(nurse, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.vigil.clock.now(),
      vitals: { ...goodVitals, systolicMmHg: 196, diastolicMmHg: 118, spo2Percent: 88 },
    });
    expect(alarming.ok).toBe(true);
  });

  it('refuses a reading measured in the future', async () => {
    const nurse = await client('nurse');
    const ack = await request(nurse, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.vigil.clock.now() + 3600_000,
      vitals: goodVitals,
    });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.issues[0]?.path).toEqual(['observedAt']);
  });

  it('a therapist may watch but not record vitals', async () => {
    const therapist = await client('therapist');
    const ack = await request(therapist, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.vigil.clock.now(),
      vitals: goodVitals,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a reconnecting screen gets exactly the events it missed, with no gap and no duplicate', async () => {
    const nurse = await client('nurse');
    const screen = await client('prescriber');
    const first = await request(screen, 'session.watch', { sessionId, afterSeq: 0 });
    if (!first.ok || !first.snapshot) throw new Error('watch failed');
    let held = first.snapshot;
    screen.disconnect();
    for (let i = 0; i < 5; i += 1) {
      await request(nurse, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: server.vigil.clock.now(),
        vitals: { ...goodVitals, heartRateBpm: 70 + i },
      });
    }
    const again = await client('prescriber');
    const caughtUp = await request(again, 'session.watch', { sessionId, afterSeq: held.lastSeq });
    if (!caughtUp.ok) throw new Error('catch-up failed');
    expect(caughtUp.snapshot).toBeNull();
    expect(caughtUp.events.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
    const full = foldSessionEvents(await server.vigil.sessions.eventsAfter(sessionId, 0));
    for (const event of caughtUp.events) held = (await import('../../../shared/session/reducer')).applySessionEvent(held, event)!;
    expect(held).toEqual(full);
  });

  it('refuses a socket without a valid sign-in', async () => {
    await expect(connectClient(server.vigil.url, null)).rejects.toThrow(/unauthenticated/);
    await expect(connectClient(server.vigil.url, 'vigil_session=' + 'x'.repeat(43))).rejects.toThrow(/unauthenticated/);
  });

  it("signing out ends that browser's sockets", async () => {
    const cookie = await signIn(server.vigil, 'nurse');
    const socket = await server.sockets.connect(cookie);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const response = await fetch(`${server.vigil.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    const me = await fetch(`${server.vigil.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
  });

  it('answers unknown events and malformed requests with an error, and stays up', async () => {
    const nurse = await client('nurse');
    const unknown = await new Promise((resolve) => (nurse.emit as (...a: unknown[]) => void)('drop.tables', {}, resolve));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const hostile = [
      null,
      'text',
      42,
      [],
      { __proto__: { admin: true } },
      { sessionId, afterSeq: -1 },
      { sessionId: '../etc', afterSeq: 0 },
      { sessionId, afterSeq: 0, extra: 1 },
    ];
    for (const payload of hostile) {
      const ack = await request(nurse, 'session.watch', payload);
      expect(ack.ok).toBe(false);
    }
    const health = await fetch(`${server.vigil.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, status: 'up' });
  });
});
