import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createHashingQueue } from '../../../server/auth/hashingQueue';
import { loadConfig } from '../../../server/config';
import { queryAudit } from '../../../server/store/auditQuery';
import { CLIENT_DIR } from '../../support/browser';
import { openTestSession, signIn, startTestServer, tempDataDir, TEST_PASSWORD } from '../../support/server';
import { call } from '../admin/support';

describe('HTTP hardening', () => {
  const servers: Vigil[] = [];
  const start = async (...args: Parameters<typeof startTestServer>) => {
    const vigil = await startTestServer(...args);
    servers.push(vigil);
    return vigil;
  };
  afterEach(async () => {
    for (const vigil of servers.splice(0)) await vigil.close();
  });

  it('the page runs only its own scripts, cannot be framed, is not sniffed and sends no Referer; API answers are never stored', async () => {
    const vigil = await start({ clientDir: CLIENT_DIR });
    const page = await fetch(`${vigil.url}/sessions/anything`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const sessionId = await openTestSession(vigil);
    const nurse = await signIn(vigil, 'nurse');
    for (const url of [
      `/api/sessions/${sessionId}`,
      `/api/sessions/${sessionId}/protocol`,
      '/api/rooms',
      '/api/me',
      '/api/no-such-thing',
    ]) {
      const response = await fetch(`${vigil.url}${url}`, { headers: { cookie: nurse } });
      expect(response.headers.get('cache-control'), url).toBe('no-store');
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('the built client has no inline script for the policy to need', () => {
    const html = fs.readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('a state-changing request from another site is refused and changes nothing, whatever cookie it carries', async () => {
    const vigil = await start();
    const admin = await signIn(vigil, 'admin');
    const foreign = await call(vigil, 'PATCH', '/api/users/u-nurse', admin, { disabled: true }, { origin: 'https://evil.example' });
    expect(foreign).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Requests from another site are refused' } },
    });
    expect((await call(vigil, 'PATCH', '/api/users/u-nurse', admin, { disabled: true }, { 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    expect(
      (await call(vigil, 'POST', '/api/auth/login', null, { username: 'nurse', password: TEST_PASSWORD }, { origin: 'null' })).status,
    ).toBe(403);
    expect((await call(vigil, 'GET', '/api/users', admin)).body.users).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: 'u-nurse', disabled: false })]),
    );
    // The app's own pages send their own origin: accepted.
    const own = await call(
      vigil,
      'PATCH',
      '/api/users/u-nurse',
      admin,
      { displayName: 'Nurse Ann' },
      { origin: vigil.url, 'sec-fetch-site': 'same-origin' },
    );
    expect(own).toMatchObject({ status: 200, body: { user: { displayName: 'Nurse Ann' } } });
  });

  it('a body that is not JSON is refused in words that say so, and changes nothing', async () => {
    const vigil = await start();
    const admin = await signIn(vigil, 'admin');
    const response = await fetch(`${vigil.url}/api/rooms`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'Garden room' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Send the request body as JSON (Content-Type: application/json)' },
    });
    expect((await call(vigil, 'GET', '/api/admin/rooms', admin)).body.rooms).toHaveLength(2);
  });

  it('one username guessed from many addresses is locked after 10 failures (audited); other people still sign in', async () => {
    const vigil = await start({ trustProxy: 'loopback' });
    const login = (username: string, password: string, from: string) =>
      call(vigil, 'POST', '/api/auth/login', null, { username, password }, { 'x-forwarded-for': from });
    for (let i = 1; i <= 10; i += 1) expect((await login('nurse', `wrong-guess-${i}`, `203.0.113.${i}`)).status).toBe(401);
    const locked = await login('nurse', TEST_PASSWORD, '198.51.100.1');
    expect(locked).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited', message: expect.stringMatching(/account is locked/) } },
    });
    expect((await login('prescriber', TEST_PASSWORD, '203.0.113.1')).status).toBe(200);
    const failed = await queryAudit(vigil.store.db, { action: 'auth.failed', order: 'oldest' });
    expect(failed).toHaveLength(10);
    expect(failed[0]).toMatchObject({
      userId: 'u-nurse',
      remoteAddress: '203.0.113.1',
      detail: { username: 'nurse', reason: 'wrong_password' },
    });
    expect(await queryAudit(vigil.store.db, { action: 'auth.lockout' })).toEqual([
      expect.objectContaining({ userId: 'u-nurse', remoteAddress: '203.0.113.10', detail: { username: 'nurse', limit: 'username' } }),
    ]);
    expect((await queryAudit(vigil.store.db, { action: 'auth.signIn' })).map((r) => r.userId)).toEqual(['u-prescriber']);
  });

  it('an admin setting a new password lifts the lock on that username: the guesses were against the old one', async () => {
    const vigil = await start({ trustProxy: 'loopback' });
    const login = (password: string, from: string) =>
      call(vigil, 'POST', '/api/auth/login', null, { username: 'nurse', password }, { 'x-forwarded-for': from });
    for (let i = 1; i <= 10; i += 1) expect((await login(`wrong-guess-${i}`, `203.0.113.${i}`)).status).toBe(401);
    expect(await login(TEST_PASSWORD, '198.51.100.1')).toMatchObject({
      status: 429,
      body: { error: { message: expect.stringMatching(/ask an admin to set a new password/) } },
    });
    const admin = await signIn(vigil, 'admin');
    expect((await call(vigil, 'POST', '/api/users/u-nurse/password', admin, { password: 'lantern-orchard-47' })).status).toBe(200);
    expect(await login('lantern-orchard-47', '198.51.100.1')).toMatchObject({ status: 200, body: { user: { mustChangePassword: true } } });
  });

  it('one password sprayed across usernames from one address is stopped after five usernames; the real address counts behind a trusted proxy', async () => {
    const vigil = await start({ trustProxy: 'loopback' });
    const login = (username: string, password: string, from: string) =>
      call(vigil, 'POST', '/api/auth/login', null, { username, password }, { 'x-forwarded-for': from });
    for (const username of ['nurse', 'prescriber', 'therapist', 'admin', 'nobody'])
      expect((await login(username, 'Winter2026!', '203.0.113.50')).status).toBe(401);
    const sprayed = await login('someone-else', 'Winter2026!', '203.0.113.50');
    expect(sprayed).toMatchObject({ status: 429, body: { error: { message: expect.stringMatching(/different usernames/) } } });
    // Even the right password for a sixth account is not checked from that address...
    expect((await login('nurse-2', TEST_PASSWORD, '203.0.113.50')).status).toBe(429);
    // ...while a nurse at another device signs in as usual.
    expect((await login('nurse', TEST_PASSWORD, '203.0.113.51')).status).toBe(200);
    expect(await queryAudit(vigil.store.db, { action: 'auth.lockout' })).toEqual([
      expect.objectContaining({ remoteAddress: '203.0.113.50', detail: { username: 'nobody', limit: 'spray' } }),
    ]);
  });

  it('guesses sent all at once are stopped at the same limits: one username from many addresses, one address across many usernames', async () => {
    const vigil = await start({ trustProxy: 'loopback' });
    const login = (username: string, password: string, from: string) =>
      call(vigil, 'POST', '/api/auth/login', null, { username, password }, { 'x-forwarded-for': from });
    const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort();
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login('nurse', `wrong-guess-${i}`, `203.0.113.${i + 1}`)));
    expect(statuses(burst)).toEqual([...Array<number>(10).fill(401), ...Array<number>(20).fill(429)]);
    const usernames = ['prescriber', 'therapist', 'admin', ...Array.from({ length: 9 }, (_, i) => `staff-${i}`)];
    const spray = await Promise.all(usernames.map((username) => login(username, 'Winter2026!', '198.51.100.9')));
    expect(statuses(spray)).toEqual([...Array<number>(5).fill(401), ...Array<number>(7).fill(429)]);
    expect(await queryAudit(vigil.store.db, { action: 'auth.failed' })).toHaveLength(15);
    expect((await queryAudit(vigil.store.db, { action: 'auth.lockout', order: 'oldest' })).map((r) => r.detail.limit)).toEqual([
      'username',
      'spray',
    ]);
    // A person whose password was right is not held against the address afterwards.
    expect((await login('prescriber', TEST_PASSWORD, '198.51.100.10')).status).toBe(200);
  });

  it('an IPv6 client is one address per /64 (what one home or host is given): hopping within it does not escape the spray limit', async () => {
    const vigil = await start({ trustProxy: 'loopback' });
    const login = (username: string, from: string) =>
      call(vigil, 'POST', '/api/auth/login', null, { username, password: 'Winter2026!' }, { 'x-forwarded-for': from });
    const hops = ['2001:db8:7:1::1', '2001:db8:7:1::2', '2001:db8:7:1:ffff::3', '2001:0db8:0007:0001:0:0:0:4', '2001:db8:7:1:1:2:3:5'];
    for (const [n, from] of hops.entries()) expect((await login(`staff-${n}`, from)).status).toBe(401);
    expect(await login('staff-5', '2001:db8:7:1:abcd::6')).toMatchObject({
      status: 429,
      body: { error: { message: expect.stringMatching(/different usernames/) } },
    });
    // The next /64 is someone else.
    expect((await login('staff-6', '2001:db8:7:2::1')).status).toBe(401);
    expect((await login('prescriber', '203.0.113.7')).status).toBe(401);
    const rows = await queryAudit(vigil.store.db, { action: 'auth.failed', order: 'oldest' });
    expect(rows.map((r) => r.remoteAddress)).toEqual([...hops, '2001:db8:7:2::1', '203.0.113.7']);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For is ignored: the TCP peer is the address', async () => {
    const vigil = await start();
    for (let i = 1; i <= 5; i += 1)
      await call(vigil, 'POST', '/api/auth/login', null, { username: `user${i}`, password: 'x' }, { 'x-forwarded-for': `203.0.113.${i}` });
    const next = await call(
      vigil,
      'POST',
      '/api/auth/login',
      null,
      { username: 'nurse', password: TEST_PASSWORD },
      { 'x-forwarded-for': '198.51.100.9' },
    );
    expect(next.status).toBe(429);
    const rows = await queryAudit(vigil.store.db, { action: 'auth.failed' });
    expect(new Set(rows.map((r) => r.remoteAddress))).toEqual(new Set(['127.0.0.1']));
  });

  it('TRUST_PROXY must name the proxies: "true" (trust anyone) is refused at start-up', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must name the proxies/);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('password hashing runs at most N at once; past the queue a flood is refused at once instead of piling up', async () => {
    const queue = createHashingQueue(2, 1);
    const gates: (() => void)[] = [];
    const work = () => new Promise<string>((resolve) => gates.push(() => resolve('done')));
    const first = queue.run(work);
    const second = queue.run(work);
    const third = queue.run(work);
    await expect.poll(() => queue.load()).toEqual({ running: 2, queued: 1 });
    expect(await queue.run(work)).toBeNull();
    expect(gates).toHaveLength(2);
    gates[0]!();
    expect(await first).toBe('done');
    await expect.poll(() => gates.length).toBe(3);
    expect(queue.load()).toEqual({ running: 2, queued: 0 });
    gates[1]!();
    gates[2]!();
    expect([await second, await third]).toEqual(['done', 'done']);
    expect(queue.load()).toEqual({ running: 0, queued: 0 });
  });

  it("the data folder is the service's alone (0700) and so are the database files (0600), even a folder made wider before", async () => {
    const fresh = path.join(tempDataDir(), 'new-data');
    const vigil = await start({ dataDir: fresh });
    await signIn(vigil, 'nurse');
    const mode = (file: string) => fs.statSync(file).mode & 0o777;
    expect(mode(fresh)).toBe(0o700);
    for (const name of ['vigil.sqlite', 'vigil.sqlite-wal', 'vigil.sqlite-shm']) expect(mode(path.join(fresh, name)), name).toBe(0o600);
    await vigil.close();
    servers.pop();
    fs.chmodSync(fresh, 0o755);
    fs.chmodSync(path.join(fresh, 'vigil.sqlite'), 0o644);
    await start({ dataDir: fresh });
    expect(mode(fresh)).toBe(0o700);
    expect(mode(path.join(fresh, 'vigil.sqlite'))).toBe(0o600);
  });
});
