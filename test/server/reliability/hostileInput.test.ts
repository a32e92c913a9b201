import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { serversPerTest } from '../../support/perTest';
import { connectClient, openTestSession, signIn, startTestServer, type TestSocket } from '../../support/server';
import { hostileCases, INBOUND_EVENTS, OTHER_INBOUND, schemaFor, UNKNOWN_EVENTS, validExamples, withOwnKey } from './fuzzCases';
import { bodyRoutes, writeResults } from './support';
import fc from 'fast-check';
import { FUZZ_GATEWAY, FUZZ_MONITOR, HL7_ALLOW_FOR_CASES, HL7_SOURCES, hl7FrameCases, randomHl7Frame, sendHl7 } from './hl7Cases';
import { findDevice } from '../../../server/store/devices';

type Answer =
  { ok: true } | { ok: false; error: { code: string; message: string; issues: { path: (string | number)[]; message: string }[] } };

/** Emit with any arguments; resolves with the ack, or 'no answer' after `ms`. */
function ask(socket: TestSocket, event: string, args: unknown[], ms = 3000): Promise<Answer | 'no answer'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), ms);
    (socket.emit as (...a: unknown[]) => void)(event, ...args, (answer: Answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

/** Rows in every table but auth_sessions (signing in legitimately writes there). */
async function rowCounts(vigil: Vigil): Promise<Record<string, number>> {
  const raw = vigil.store.sqlite!;
  const tables = raw
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> 'auth_sessions' order by name`)
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (raw.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
  );
}

function notPolluted() {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.keys(Object.prototype)).toEqual([]);
}

const figures = { socketCases: 0, unknownEventCases: 0, missingSessionCases: 0, httpCases: 0, hl7Cases: 0 };
afterAll(() => {
  if (figures.socketCases > 0) writeResults('test-results/hostile-input.json', { ...figures, finishedAt: new Date().toISOString() });
});

describe('hostile input over Socket.IO and HTTP', () => {
  let vigil: Vigil;
  let sessionId: string;
  let prescriber: TestSocket;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    vigil = await startTestServer({ commandsPerSecond: 10_000 });
    sessionId = await openTestSession(vigil, 'room-1');
    cookies = { prescriber: await signIn(vigil, 'prescriber'), admin: await signIn(vigil, 'admin') };
    prescriber = await connectClient(vigil.url, cookies.prescriber!);
  });
  afterAll(async () => {
    prescriber.disconnect();
    await vigil.close();
  });

  async function connected(): Promise<TestSocket> {
    if (!prescriber.connected) prescriber = await connectClient(vigil.url, cookies.prescriber!);
    return prescriber;
  }

  const examples = () => validExamples({ sessionId, roomId: 'room-2', commandId: randomUUID, now: vigil.clock.now() });

  it('knows a request schema and a valid example for every inbound event of the contract', () => {
    const all = examples();
    for (const event of INBOUND_EVENTS) {
      expect(all[event], `a valid example of ${event} in fuzzCases.ts`).toBeDefined();
      const schema = schemaFor(event);
      expect(schema, event).toBeDefined();
      expect(schema!.safeParse(all[event]).success, event).toBe(true);
    }
  });

  it('answers every malformed request to every event with invalid_input, stores nothing and stays up', async () => {
    const before = await rowCounts(vigil);
    const problems: string[] = [];
    const all = examples();
    for (const event of INBOUND_EVENTS) {
      for (const hostile of hostileCases(all[event]!, schemaFor(event)!)) {
        const socket = await connected();
        const answer = await ask(socket, event, hostile.args);
        figures.socketCases += 1;
        const label = `${event} / ${hostile.name}`;
        if (answer === 'no answer') problems.push(`${label}: no answer`);
        else if (answer.ok) problems.push(`${label}: accepted`);
        else if (answer.error.code !== 'invalid_input') problems.push(`${label}: ${answer.error.code} ${answer.error.message}`);
        else if (!answer.error.message || answer.error.message.length > 300)
          problems.push(`${label}: unclear message "${answer.error.message.slice(0, 80)}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(figures.socketCases).toBeGreaterThan(INBOUND_EVENTS.length * 40);
    expect(await rowCounts(vigil)).toEqual(before);
    notPolluted();
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);
    const alive = await ask(await connected(), 'time.sync', [{ clientSentAt: 1 }]);
    expect(alive).toMatchObject({ ok: true });
  });

  it('refuses commands for sessions and rooms that do not exist, storing nothing', async () => {
    const before = await rowCounts(vigil);
    const missing = validExamples({ sessionId: 'no-such-session', roomId: 'no-such-room', commandId: randomUUID, now: vigil.clock.now() });
    const problems: string[] = [];
    for (const event of INBOUND_EVENTS) {
      const request = missing[event]!;
      // Leaving a session one is not watching is a harmless no-op (ok), whatever the id.
      if ((!('sessionId' in request) && !('roomId' in request)) || event === 'session.unwatch') continue;
      const answer = await ask(await connected(), event, [request]);
      figures.missingSessionCases += 1;
      if (answer === 'no answer' || answer.ok || !['not_found', 'invalid_input'].includes(answer.error.code)) {
        problems.push(`${event}: ${JSON.stringify(answer).slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await rowCounts(vigil)).toEqual(before);
  });

  it('answers unknown and reserved-looking event names with "Unknown request", and ignores them when no answer is asked for', async () => {
    const before = await rowCounts(vigil);
    for (const event of UNKNOWN_EVENTS) {
      const socket = await connected();
      const answer = await ask(socket, event, [{ sessionId }]);
      figures.unknownEventCases += 1;
      expect(answer, event.slice(0, 40)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (answer !== 'no answer' && !answer.ok) expect(answer.error.message).toMatch(/^Unknown request/);
      socket.emit(event as 'time.sync', { sessionId } as never, undefined as never); // No ack: nothing to answer, nothing must break.
    }
    expect(await rowCounts(vigil)).toEqual(before);
    expect(await ask(await connected(), 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
  });

  it('NaN and Infinity reach the server as null and are refused at their field; times outside 2000-2100 are refused with a plain message', async () => {
    const socket = await connected();
    const vitals = examples()['vitals.record']!;
    const nan = await ask(socket, 'vitals.record', [{ ...vitals, observedAt: Number.NaN }]);
    expect(nan).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['observedAt'] }] } });
    if (nan !== 'no answer' && !nan.ok) expect(nan.error.issues[0]!.message).toMatch(/A time is required/);
    const infinite = await ask(socket, 'vitals.record', [
      { ...vitals, vitals: { ...(vitals.vitals as object), heartRateBpm: Number.POSITIVE_INFINITY } },
    ]);
    expect(infinite).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['vitals', 'heartRateBpm'] }] } });
    const past = await ask(socket, 'vitals.record', [{ ...vitals, observedAt: Date.UTC(1970, 0, 2) }]);
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'That time is before the year 2000' } });
    const future = await ask(socket, 'vitals.record', [{ ...vitals, observedAt: Date.UTC(2500, 0, 1) }]);
    expect(future).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'That time is after the year 2100' } });
    // Inside the window but far from now: refused by the command's own check, still nothing stored.
    const nextYear = await ask(socket, 'vitals.record', [{ ...vitals, observedAt: vigil.clock.now() + 365 * 86_400_000 }]);
    expect(nextYear).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('checks every HTTP body: bad JSON, wrong types, extra fields, huge and deep bodies, prototype keys', async () => {
    const before = await rowCounts(vigil);
    const huge = JSON.stringify({ username: 'x'.repeat(200_000), password: 'y' });
    const bodies: { name: string; body: string; type?: string }[] = [
      { name: 'not JSON', body: '{"username": ' },
      { name: 'NaN literal', body: '{"username": NaN}' },
      { name: 'null', body: 'null' },
      { name: 'string', body: '"admin"' },
      { name: 'number', body: '42' },
      { name: 'array', body: '[{"username":"admin","password":"x"}]' },
      { name: 'empty object', body: '{}' },
      { name: 'wrong types', body: JSON.stringify({ username: 1, password: true, name: [], roomId: {}, displayName: null }) },
      { name: 'extra fields', body: JSON.stringify({ username: 'admin', password: 'x', role: 'admin', isAdmin: true }) },
      { name: '__proto__ key', body: '{"__proto__": {"polluted": "yes"}, "username": "admin", "password": "x"}' },
      { name: 'constructor key', body: '{"constructor": {"prototype": {"polluted": "yes"}}}' },
      { name: 'deep object', body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` },
      { name: 'deep array', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
      { name: 'huge body (200 KB)', body: huge },
      { name: 'text/plain', body: JSON.stringify({ username: 'admin', password: 'x' }), type: 'text/plain' },
      { name: 'far dates', body: JSON.stringify({ observedAt: -1, date: 8.64e15, at: '2500-01-01' }) },
    ];
    // Every route that takes a body, as the running server registered it, so a new one is covered without editing this test.
    // Sign-in and sign-out without a cookie (signing out would end the admin's session used below).
    const routes = bodyRoutes(vigil.routes()).map((route) => ({
      ...route,
      cookie: route.path.startsWith('/api/auth/') ? null : cookies.admin!,
    }));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/devices', 'PUT /api/protocols/no-such-id']),
    );
    const problems: string[] = [];
    for (const route of routes) {
      for (const body of bodies) {
        const response = await fetch(`${vigil.url}${route.path}`, {
          method: route.method,
          headers: { 'content-type': body.type ?? 'application/json', ...(route.cookie ? { cookie: route.cookie } : {}) },
          body: body.body,
        });
        figures.httpCases += 1;
        const text = await response.text();
        const label = `${route.method} ${route.path} / ${body.name}: ${response.status} ${text.slice(0, 120)}`;
        // Signing out needs no body and ignores one: it may answer 200, never 5xx.
        if (route.path === '/api/auth/logout' && response.status === 200) continue;
        if (response.status < 400 || response.status >= 500) {
          problems.push(label);
          continue;
        }
        try {
          const parsed = JSON.parse(text) as Answer;
          if (parsed.ok || typeof parsed.error?.code !== 'string' || !parsed.error.message) problems.push(label);
        } catch {
          problems.push(`${label} (not JSON)`);
        }
      }
    }
    for (const id of ['__proto__', 'constructor', 'a'.repeat(500), '..%2F..%2Fetc%2Fpasswd', '%00', 'x%20y', "1' or '1'='1"]) {
      const response = await fetch(`${vigil.url}/api/sessions/${id}`, { headers: { cookie: cookies.prescriber! } });
      figures.httpCases += 1;
      if (![400, 404].includes(response.status)) problems.push(`GET /api/sessions/${id.slice(0, 30)}: ${response.status}`);
    }
    expect(problems).toEqual([]);
    expect(await rowCounts(vigil)).toEqual(before);
    notPolluted();
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${vigil.url}/api/me`, { headers: { cookie: cookies.admin! } })).status).toBe(200);
  });

  it('does not let a __proto__ key change what a request means', async () => {
    const vitals = examples()['vitals.record']!;
    // Even if a parser merged __proto__ into the object, the strict schema refuses the unknown key.
    const answer = await ask(await connected(), 'vitals.record', [withOwnKey(vitals, '__proto__', { sessionId: 'other' })]);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    notPolluted();
  });
});

describe('hostile input on the /devices gateway namespace', () => {
  let vigil: Vigil;
  let key: string;
  const gateways: TestSocket[] = [];

  beforeAll(async () => {
    vigil = await startTestServer({ commandsPerSecond: 10_000 });
    await openTestSession(vigil, 'room-1');
    const admin = { 'content-type': 'application/json', cookie: await signIn(vigil, 'admin') };
    const created = await fetch(`${vigil.url}/api/devices`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ deviceId: 'cuff-1', name: 'Cuff', roomId: 'room-1', kind: 'gateway' }),
    });
    expect(created.status).toBe(201);
    key = ((await (await fetch(`${vigil.url}/api/devices/cuff-1/key`, { method: 'POST', headers: admin })).json()) as { key: string }).key;
  });
  afterAll(async () => {
    for (const socket of gateways) socket.disconnect();
    await vigil.close();
  });

  function gateway(auth: unknown): Promise<TestSocket> {
    const socket: TestSocket = connect(`${vigil.url}/devices`, {
      transports: ['websocket'],
      auth: auth as Record<string, unknown>,
      reconnection: false,
      forceNew: true,
    });
    gateways.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it('refuses every malformed handshake as unauthenticated', async () => {
    const before = await rowCounts(vigil);
    const auths: unknown[] = [
      undefined,
      {},
      { deviceId: 'cuff-1' },
      { deviceId: 'cuff-1', key: 'x'.repeat(40) },
      { deviceId: 'cuff-1', key: `${key}x` },
      { deviceId: 'no-such-device', key },
      { deviceId: 'cuff-1', key, extra: true },
      { deviceId: 1, key: 2 },
      { deviceId: 'cuff-1', key: 'k'.repeat(10_000) },
      withOwnKey({ deviceId: 'cuff-1', key }, '__proto__', { admin: true }),
      { deviceId: 'cuff-1', key: null },
    ];
    for (const auth of auths) await expect(gateway(auth), JSON.stringify(auth)?.slice(0, 60)).rejects.toThrow('unauthenticated');
    expect(await rowCounts(vigil)).toEqual(before);
    notPolluted();
  });

  it('answers every malformed reading.submit with invalid_input and unknown events with "Unknown request", storing nothing', async () => {
    let socket = await gateway({ deviceId: 'cuff-1', key });
    const before = await rowCounts(vigil);
    const reading = OTHER_INBOUND.find((o) => o.name.startsWith('readingSubmitRequestSchema'))!;
    const problems: string[] = [];
    const example = { ...reading.example, observedAt: vigil.clock.now() };
    for (const hostile of hostileCases(example, reading.schema)) {
      if (!socket.connected) socket = await gateway({ deviceId: 'cuff-1', key });
      const answer = await ask(socket, 'reading.submit', hostile.args);
      figures.socketCases += 1;
      if (answer === 'no answer' || answer.ok || answer.error.code !== 'invalid_input')
        problems.push(`reading.submit / ${hostile.name}: ${JSON.stringify(answer).slice(0, 120)}`);
    }
    for (const event of [...UNKNOWN_EVENTS, 'vitals.record', 'session.watch']) {
      const answer = await ask(socket, event, [example]);
      figures.unknownEventCases += 1;
      if (answer === 'no answer' || answer.ok || !answer.error.message.startsWith('Unknown request'))
        problems.push(`${event.slice(0, 30)}: ${JSON.stringify(answer).slice(0, 120)}`);
    }
    expect(problems).toEqual([]);
    expect(await rowCounts(vigil)).toEqual(before);
    notPolluted();
    // Still serving: a proper reading is stored in the room's open session.
    expect(await ask(socket, 'reading.submit', [{ ...example, commandId: randomUUID() }])).toMatchObject({ ok: true, stored: 'session' });
  });
});

describe('hostile input on the HL7 listener, from inside and outside the allow-list', () => {
  let vigil: Vigil;
  let sessionId: string;
  let counter = 0;
  const unique = () => `H${(counter += 1)}`;

  beforeAll(async () => {
    vigil = await startTestServer({ hl7Port: 0, hl7Allow: HL7_ALLOW_FOR_CASES, hl7RatePerSource: 10_000, hl7MaxPendingDevices: 5 });
    sessionId = await openTestSession(vigil, 'room-1');
    const admin = { 'content-type': 'application/json', cookie: await signIn(vigil, 'admin') };
    const register = (body: object) => fetch(`${vigil.url}/api/devices`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    expect((await register({ deviceId: FUZZ_MONITOR, name: 'Monitor', roomId: 'room-1', addresses: [HL7_SOURCES.bound] })).status).toBe(
      201,
    );
    expect((await register({ deviceId: FUZZ_GATEWAY, name: 'Cuff', roomId: 'room-1', kind: 'gateway' })).status).toBe(201);
  });
  afterAll(async () => {
    await vigil.close();
  });

  const monitorReadings = async () => (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded');

  it('outside the allow-list every connection is closed unanswered and nothing but the security log changes', async () => {
    const before = await rowCounts(vigil);
    const texts = hl7FrameCases(vigil.clock.now(), unique).map((c) => c.text);
    for (const text of texts) {
      expect(await sendHl7(vigil.hl7!.port, HL7_SOURCES.outside, [text])).toEqual(['closed']);
      figures.hl7Cases += 1;
    }
    const after = await rowCounts(vigil);
    // One security event for the address (recorded once a minute), nothing else.
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
    expect(after.audit_log! - before.audit_log!).toBe(1);
  });

  it("inside the allow-list but not the monitor's address: every frame answered AR or AE (or the connection closed), nothing reaches the session", async () => {
    const problems: string[] = [];
    for (const { name, text } of hl7FrameCases(vigil.clock.now(), unique)) {
      const [outcome] = await sendHl7(vigil.hl7!.port, HL7_SOURCES.allowed, [text]);
      figures.hl7Cases += 1;
      const code = typeof outcome === 'object' ? outcome.code : outcome;
      // Naming a registered device from here is refused; an unknown id may be held for approval (AA, kept out of every record).
      const namesRegistered = text.includes(`|${FUZZ_MONITOR}^`) || text.includes(`|${FUZZ_GATEWAY}^`);
      const allowed = namesRegistered ? ['AR', 'closed'] : ['AA', 'AR', 'AE', 'closed'];
      if (!allowed.includes(code ?? '')) problems.push(`${name}: ${JSON.stringify(outcome)}`);
    }
    expect(problems).toEqual([]);
    expect(await monitorReadings()).toHaveLength(0);
    notPolluted();
  });

  it('random frames from all three places: answered or closed, only the bound address ever writes to the session, the listener keeps serving', async () => {
    const base = hl7FrameCases(vigil.clock.now(), unique)[0]!.text;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(HL7_SOURCES)),
        fc.array(randomHl7Frame(base), { minLength: 1, maxLength: 4 }),
        async (from, texts) => {
          const outcomes = await sendHl7(vigil.hl7!.port, from, texts);
          figures.hl7Cases += texts.length;
          if (from === HL7_SOURCES.outside) expect(outcomes.every((o) => o === 'closed')).toBe(true);
          for (const outcome of outcomes) if (typeof outcome === 'object') expect(['AA', 'AR', 'AE']).toContain(outcome.code);
          expect(outcomes).not.toContain('refused connection');
        },
      ),
      { numRuns: 40 },
    );
    const recordId = (await findDevice(vigil.store.db, FUZZ_MONITOR))?.record_id;
    for (const event of await monitorReadings()) expect(event.actor).toMatchObject({ deviceId: recordId, source: HL7_SOURCES.bound });
    const [ok] = await sendHl7(vigil.hl7!.port, HL7_SOURCES.bound, [hl7FrameCases(vigil.clock.now(), unique)[0]!.text]);
    expect(ok).toMatchObject({ code: 'AA' });
    // The approval queue stayed within its cap whatever was sent.
    expect((await vigil.devices.list()).filter((d) => d.approval === 'pending').length).toBeLessThanOrEqual(5);
  }, 60_000);
});

describe('limits', () => {
  // Each test starts its own server with the limit it tries; closed after the test, failed or not.
  const servers = serversPerTest({});

  it('rate-limits commands per connection, and each connection has its own allowance', async () => {
    const vigil = await servers.start({ commandsPerSecond: 5 });
    const cookie = await signIn(vigil, 'nurse');
    const first = await connectClient(vigil.url, cookie);
    const second = await connectClient(vigil.url, cookie);
    const startedAt = Date.now();
    const burst = await Promise.all(Array.from({ length: 40 }, () => ask(first, 'time.sync', [{ clientSentAt: 1 }])));
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const accepted = burst.filter((a) => a !== 'no answer' && a.ok).length;
    const limited = burst.filter((a) => a !== 'no answer' && !a.ok && a.error.code === 'rate_limited');
    expect(accepted).toBeGreaterThanOrEqual(10); // Burst allowance: twice the per-second rate...
    expect(accepted).toBeLessThanOrEqual(10 + Math.ceil(elapsedSeconds * 5)); // ...plus what refilled meanwhile.
    expect(limited.length).toBe(40 - accepted);
    expect(limited[0]).toMatchObject({ error: { message: expect.stringMatching(/Too many requests/) } });
    // The other connection of the same user is not affected.
    expect(await ask(second, 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
    // Malformed requests count too: flooding with garbage does not get past the limiter.
    const garbage = await Promise.all(Array.from({ length: 30 }, () => ask(second, 'vitals.record', [{ nonsense: true }])));
    expect(garbage.filter((a) => a !== 'no answer' && !a.ok && a.error.code === 'rate_limited').length).toBeGreaterThan(10);
    // So do unknown names: a third connection's flood of them is limited like any request.
    const third = await connectClient(vigil.url, cookie);
    const unknown = await Promise.all(Array.from({ length: 30 }, () => ask(third, 'no.such.request', [{}])));
    const unknownLimited = unknown.filter((a) => a !== 'no answer' && !a.ok && a.error.code === 'rate_limited').length;
    expect(unknownLimited).toBeGreaterThan(10);
    expect(unknown.filter((a) => a !== 'no answer' && !a.ok && a.error.code === 'invalid_input')).toHaveLength(30 - unknownLimited);
    third.disconnect();
    // The allowance refills with time (5 a second): a request is accepted again before long.
    await expect
      .poll(async () => {
        const answer = await ask(first, 'time.sync', [{ clientSentAt: 1 }]);
        return answer !== 'no answer' && answer.ok;
      })
      .toBe(true);
    first.disconnect();
    second.disconnect();
  });

  it('caps connections per user, without affecting other users; a closed connection frees its place', async () => {
    const vigil = await servers.start({ maxSocketsPerUser: 3 });
    const nurse = await signIn(vigil, 'nurse');
    const open = [await connectClient(vigil.url, nurse), await connectClient(vigil.url, nurse), await connectClient(vigil.url, nurse)];
    await expect(connectClient(vigil.url, nurse)).rejects.toThrow('too_many_connections');
    // Another sign-in of the same user does not get around it: the cap is per user.
    await expect(connectClient(vigil.url, await signIn(vigil, 'nurse'))).rejects.toThrow('too_many_connections');
    const therapist = await connectClient(vigil.url, await signIn(vigil, 'therapist'));
    expect(await ask(therapist, 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
    open.pop()!.disconnect();
    let again: TestSocket | null = null;
    for (let i = 0; i < 50 && !again; i += 1) {
      again = await connectClient(vigil.url, nurse).catch(() => null);
      if (!again) await new Promise((r) => setTimeout(r, 20));
    }
    expect(again).not.toBeNull();
    for (const socket of [...open, again!, therapist]) socket.disconnect();
  });

  it('drops a connection that sends a message over maxHttpBufferSize, and keeps serving everyone else', async () => {
    const vigil = await servers.start({ maxMessageBytes: 4096 });
    const cookie = await signIn(vigil, 'nurse');
    const bystander = await connectClient(vigil.url, cookie);
    const sender = await connectClient(vigil.url, cookie);
    const sessionId = await openTestSession(vigil);
    const closed = new Promise<string>((resolve) => sender.once('disconnect', (reason) => resolve(reason)));
    const before = await rowCounts(vigil);
    const answer = ask(
      sender,
      'observation.record',
      [{ commandId: randomUUID(), sessionId, observedAt: vigil.clock.now(), observation: { kind: 'note', text: 'x'.repeat(20_000) } }],
      1000,
    );
    expect(await closed).toMatch(/transport (close|error)/);
    expect(await answer).toBe('no answer');
    expect(await rowCounts(vigil)).toEqual(before);
    // Just under the limit is an ordinary request with an ordinary answer.
    expect(await ask(bystander, 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
    const fine = await ask(bystander, 'observation.record', [
      { commandId: randomUUID(), sessionId, observedAt: vigil.clock.now(), observation: { kind: 'note', text: 'y'.repeat(3000) } },
    ]);
    expect(fine).not.toBe('no answer');
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);
    const fresh = await connectClient(vigil.url, cookie);
    expect(await ask(fresh, 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
    bystander.disconnect();
    fresh.disconnect();
  });

  it('refuses an oversized message over HTTP long-polling too', async () => {
    const vigil = await servers.start({ maxMessageBytes: 4096 });
    const cookie = await signIn(vigil, 'nurse');
    const sender: TestSocket = connect(vigil.url, {
      transports: ['polling'],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      sender.once('connect', () => resolve());
      sender.once('connect_error', reject);
    });
    expect(await ask(sender, 'time.sync', [{ clientSentAt: 1 }])).toMatchObject({ ok: true });
    const closed = new Promise<string>((resolve) => sender.once('disconnect', (reason) => resolve(reason)));
    const answer = ask(sender, 'time.sync', [{ clientSentAt: 1, padding: 'x'.repeat(20_000) }], 1000);
    expect(await closed).toMatch(/transport (close|error)/);
    expect(await answer).toBe('no answer');
    // A raw oversized POST to the polling endpoint is refused without harm.
    const raw = await fetch(`${vigil.url}/socket.io/?EIO=4&transport=polling&sid=nonexistent`, {
      method: 'POST',
      body: 'x'.repeat(100_000),
      headers: { cookie },
    });
    expect(raw.status).toBeGreaterThanOrEqual(400);
    expect(raw.status).toBeLessThan(500);
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);
    sender.disconnect();
  });
});
