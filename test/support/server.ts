import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime/contract';
import type { Role } from '../../shared/roles';
import type { Protocol } from '../../shared/protocols/schema';
import { spravato56Protocol } from '../../shared/protocols/defaults';
import { startVigil, type StartOptions, type Vigil } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import type { Clock } from '../../server/clock';
import { loadConfig, type Config } from '../../server/config';
import { userActor } from '../../server/commands/context';
import { openSession } from '../../server/commands/openSession';
import { insertRoom } from '../../server/store/rooms';
import { insertUser } from '../../server/store/users';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_PASSWORD = 'correct horse battery';

/** A fresh temporary data folder, removed by the caller's cleanup. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-test-'));
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDataDir(),
    demo: false,
    clientDir: null,
    // The HL7 listener is off unless a test asks for it (HL7 tests pass hl7Port: 0).
    hl7Port: null,
    ...overrides,
  };
}

/** Starts a real server on port 0 with a real SQLite file, one room and a user of each role. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  clock?: Clock,
  start: Pick<StartOptions, 'alarmTickMs' | 'readinessIntervalMs' | 'syncFile'> = {},
): Promise<Vigil> {
  const vigil = await startVigil(testConfig(overrides), { clock, log: () => {}, ...start });
  const existing = await vigil.store.db.selectFrom('users').select('user_id').execute();
  if (existing.length === 0) {
    const hash = await hashPassword(TEST_PASSWORD);
    for (const role of ['nurse', 'prescriber', 'therapist', 'admin'] as Role[]) {
      await insertUser(
        vigil.store.db,
        { userId: `u-${role}`, username: role, displayName: `Test ${role}`, role, passwordHash: hash },
        Date.now(),
      );
    }
    await insertRoom(vigil.store.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
    await insertRoom(vigil.store.db, { roomId: 'room-2', name: 'Room 2', sortOrder: 2 });
  }
  return vigil;
}

/** Opens a session in a room as the admin, returns its id. */
export async function openTestSession(vigil: Vigil, roomId = 'room-1', protocol: Protocol = spravato56Protocol()) {
  const admin = { userId: 'u-admin', username: 'admin', displayName: 'Test admin', role: 'admin' as const };
  const result = await openSession(
    { actor: userActor(admin), user: admin, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions, audit: null },
    { commandId: randomUUID(), roomId, patientAlias: 'T.P.', protocol },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.event.sessionId;
}

/** Signs in over HTTP and returns the session cookie. */
export async function signIn(vigil: Vigil, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(`${vigil.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(';')[0]!;
}

/**
 * A wall display created by the test admin through the API, opened with its key like a wall
 * screen: answers the key, the display's user id and the sign-in cookie.
 */
export async function openWallDisplay(
  vigil: Vigil,
  displayName = 'Wall by the desk',
): Promise<{ key: string; userId: string; cookie: string }> {
  const admin = await signIn(vigil, 'admin');
  const created = await fetch(`${vigil.url}/api/wall-displays`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ displayName }),
  });
  const body = (await created.json()) as { ok: boolean; key: string; wallDisplay: { userId: string } };
  if (created.status !== 201 || !body.ok) throw new Error(`wall display not created: ${created.status}`);
  const opened = await fetch(`${vigil.url}/api/auth/wall`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: body.key }),
  });
  const cookie = opened.headers.get('set-cookie');
  if (opened.status !== 200 || !cookie) throw new Error(`wall sign-in failed: ${opened.status}`);
  return { key: body.key, userId: body.wallDisplay.userId, cookie: cookie.split(';')[0]! };
}

/** A real socket.io-client connected with a cookie; resolves once connected. */
export async function connectClient(url: string, cookie: string | null, options: { reconnection?: boolean } = {}): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: options.reconnection ?? false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Emit with an ack and await the result. */
export function request<E extends keyof ClientToServerEvents>(socket: TestSocket, event: E, payload: unknown) {
  type AckResult = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
  return new Promise<AckResult>((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: AckResult) => void) => void)(event, payload, resolve);
  });
}

export const goodVitals = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };

/** A JSON HTTP call to the server as the person behind `cookie`: status and parsed body. */
export async function httpAs(vigil: Vigil, cookie: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${vigil.url}${url}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Registers an HL7 monitor sending from this machine (127.0.0.1) through the admin API, as an admin would; the test fails if refused. */
export async function registerLocalMonitor(vigil: Vigil, adminCookie: string, device: { deviceId: string; name: string; roomId: string }) {
  const created = await httpAs(vigil, adminCookie, 'POST', '/api/devices', { ...device, addresses: ['127.0.0.1'] });
  expect(created.status).toBe(201);
}
