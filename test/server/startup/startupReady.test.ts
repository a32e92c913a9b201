import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SESSIONS, DEMO_USERS } from '../../../server/demo/demoClinic';
import { killHard, spawnServer, type ServerProcess } from '../../support/process';
import { tempDataDir } from '../../support/server';

/**
 * Start-up in demo mode as `npm start` runs it (a real child process): /readyz says ready only
 * once the demo clinic exists, and a stop at any moment of start-up (SIGKILL mid-seed, SIGTERM)
 * leaves a data folder that starts again and completes the demo clinic once.
 */
describe('start-up: ready only when finished, and a stop at any moment of it starts again', () => {
  const running: ServerProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await killHard(server);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const demoEnv = (dataDir: string) => ({ VIGIL_DEMO: 'true', DATA_DIR: dataDir });
  async function start(dataDir: string) {
    const server = await spawnServer(demoEnv(dataDir), { bundled: true });
    running.push(server);
    return server;
  }
  function count(dataDir: string, table: string): number {
    const file = path.join(dataDir, 'vigil.sqlite');
    if (!fs.existsSync(file)) return 0;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    } catch {
      return 0; // Not migrated yet.
    } finally {
      db.close();
    }
  }
  async function signIn(url: string, username: string, password: string): Promise<number> {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return response.status;
  }

  it('answers 503 "starting" until the demo clinic is set up; the first "ready" already lets the demo users sign in', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const server = await start(dataDir);
    const answers: { status: number; body: { status?: string } }[] = [];
    await expect
      .poll(
        async () => {
          const response = await fetch(`${server.url}/readyz`);
          answers.push({ status: response.status, body: (await response.json()) as { status?: string } });
          return response.status;
        },
        { timeout: 30_000, interval: 20 },
      )
      .toBe(200);
    const nurse = DEMO_USERS.find((user) => user.role === 'nurse')!;
    expect(await signIn(server.url, nurse.username, nurse.password)).toBe(200);
    for (const answer of answers.slice(0, -1)) expect(answer).toMatchObject({ status: 503, body: { status: 'starting' } });
    expect(server.output().indexOf('Demo clinic created')).toBeLessThan(server.output().indexOf('Vigil is ready'));
  });

  it('killed mid-way through the demo set-up three times and stopped once, the folder starts again and holds the demo clinic once', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    // Each stop lands later in the set-up: rooms stored, the first session opened, readings being stored.
    const stopWhen: [string, number][] = [
      ['rooms', 1],
      ['sessions', 1],
      ['session_events', 20],
    ];
    for (const [table, atLeast] of stopWhen) {
      const server = await start(dataDir);
      await expect.poll(() => count(dataDir, table), { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(atLeast);
      await killHard(server);
      expect(server.output()).not.toMatch(/Vigil is ready/);
    }
    const stopped = await start(dataDir);
    const exited = new Promise((resolve) => stopped.child.once('exit', resolve));
    stopped.child.kill('SIGTERM');
    await exited;

    const server = await start(dataDir);
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
    expect(server.output()).not.toMatch(/UNIQUE|constraint/i);
    for (const user of DEMO_USERS) expect(await signIn(server.url, user.username, user.password)).toBe(200);
    const db = new Database(path.join(dataDir, 'vigil.sqlite'), { readonly: true });
    try {
      expect((db.prepare('select count(*) as n from users').get() as { n: number }).n).toBe(DEMO_USERS.length);
      for (const demo of DEMO_SESSIONS) {
        const types = db
          .prepare('select type, count(*) as n from session_events where session_id = ? group by type')
          .all(demo.sessionId) as { type: string; n: number }[];
        const byType = Object.fromEntries(types.map((row) => [row.type, row.n]));
        expect(byType['session.opened']).toBe(1);
        expect(byType['dose.recorded']).toBe(1);
        // The baseline, then one reading every 5 minutes since the dose (minute 0 included).
        expect(byType['vitals.recorded']).toBeGreaterThanOrEqual(1 + Math.floor(demo.minutesSinceDose / 5) + 1);
      }
      const readings = db
        .prepare("select count(*) as n, count(distinct command_id) as d from session_events where command_id like 'demo-reading-%'")
        .get() as { n: number; d: number };
      expect(readings.n).toBe(readings.d);
      expect(readings.n).toBe(DEMO_SESSIONS.reduce((sum, demo) => sum + Math.floor(demo.minutesSinceDose / 5) + 1, 0));
    } finally {
      db.close();
    }
  }, 180_000);
});
