import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../../server/auth/passwords';
import { insertRoom } from '../../../server/store/rooms';
import { createSession } from '../../../server/store/sessions';
import { openStore } from '../../../server/store/store';
import { insertUser } from '../../../server/store/users';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Role } from '../../../shared/roles';
import { tempDataDir, TEST_PASSWORD } from '../../support/server';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** mulberry32: a small seeded generator, so a failing run can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PreparedStore {
  dataDir: string;
  /** Session id -> the command id of its `session.opened` event (seq 1). */
  sessions: Map<string, string>;
}

/** A data folder with the given users (password TEST_PASSWORD), one room per session, and the sessions opened. */
export async function prepareDataDir(users: { username: string; role: Role }[], sessionCount: number): Promise<PreparedStore> {
  const dataDir = tempDataDir();
  const store = await openStore({ dataDir, databaseUrl: null });
  const hash = await hashPassword(TEST_PASSWORD);
  for (const user of users) {
    await insertUser(
      store.db,
      { userId: `u-${user.username}`, username: user.username, displayName: user.username, role: user.role, passwordHash: hash },
      Date.now(),
    );
  }
  const sessions = new Map<string, string>();
  for (let i = 1; i <= sessionCount; i += 1) {
    const roomId = `room-${i}`;
    const sessionId = `session-${i}`;
    const commandId = randomUUID();
    await insertRoom(store.db, { roomId, name: `Room ${i}`, sortOrder: i });
    await createSession(
      store.db,
      {
        sessionId,
        type: 'session.opened',
        payload: { roomId, patientAlias: `P.${i}`, protocolId: 'p', protocolName: 'Protocol' },
        observedAt: Date.now(),
        actor: { kind: 'system', displayName: 'test' },
        commandId,
      },
      roomId,
      JSON.stringify(spravato56Protocol()),
      Date.now(),
    );
    sessions.set(sessionId, commandId);
  }
  await store.close();
  return { dataDir, sessions };
}

export async function signInTo(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return cookie.split(';')[0]!;
}

/** Writes a JSON results file under test-results/ (read by scripts/reliabilityReport.ts). */
export function writeResults(file: string, data: unknown): string {
  const target = path.resolve(ROOT, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
  return target;
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Of a server's routes (`vigil.routes()`), those with a body (POST, PUT, PATCH, DELETE), path parameters filled with ids that do not exist. */
export function bodyRoutes(routes: string[]): { method: string; path: string }[] {
  return [...new Set(routes.filter((line) => !line.startsWith('GET ')).map((line) => line.replace(/:[A-Za-z]+/g, 'no-such-id')))]
    .sort()
    .map((line) => {
      const [method, routePath] = line.split(' ') as [string, string];
      return { method, path: routePath };
    });
}
