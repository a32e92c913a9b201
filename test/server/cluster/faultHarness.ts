import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { createClock } from '../../../server/clock';
import { hashPassword } from '../../../server/auth/passwords';
import { userActor } from '../../../server/commands/context';
import { openSession } from '../../../server/commands/openSession';
import { createSessionService } from '../../../server/sessions/sessionService';
import { insertRoom } from '../../../server/store/rooms';
import { openStore } from '../../../server/store/store';
import { insertUser } from '../../../server/store/users';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Role } from '../../../shared/roles';
import type { SessionEvent } from '../../../shared/session/events';
import { expect } from 'vitest';
import { startTestRedis, type TestRedis } from '../../support/redis';
import { killHard, type ServerProcess } from '../../support/process';
import { goodVitals, TEST_PASSWORD, type TestSocket } from '../../support/server';

/** Fault tests of several processes: a PostgreSQL database of their own, seeded, and screens that behave like the app's. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createDatabase(name: string): Promise<{ url: string; admin: pg.Client; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    admin,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Users of every role, two rooms and one open session; returns the session id. */
export async function seedClinic(databaseUrl: string): Promise<string> {
  const store = await openStore({ dataDir: '', databaseUrl });
  try {
    const hash = await hashPassword(TEST_PASSWORD);
    for (const role of ['nurse', 'prescriber', 'therapist', 'admin'] as Role[]) {
      await insertUser(
        store.db,
        { userId: `u-${role}`, username: role, displayName: `Test ${role}`, role, passwordHash: hash },
        Date.now(),
      );
    }
    await insertRoom(store.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
    const admin = { userId: 'u-admin', username: 'admin', displayName: 'Test admin', role: 'admin' as const };
    const clock = createClock();
    const opened = await openSession(
      { actor: userActor(admin), user: admin, remoteAddress: null, clock, sessions: createSessionService(store, clock), audit: null },
      { commandId: randomUUID(), roomId: 'room-1', patientAlias: 'T.P.', protocol: spravato56Protocol() },
    );
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.event.sessionId;
  } finally {
    await store.close();
  }
}

/** Sign-in by URL, shared with the reliability tests. */
export { signInTo as signInAt } from '../reliability/support';

export async function readyz(url: string): Promise<{ status: number; body: { ok: boolean; status?: string; reason?: string } }> {
  try {
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as { ok: boolean; status?: string } };
  } catch (error) {
    return {
      status: 0,
      body: { ok: false, status: 'unreachable', reason: (error as Error).cause ? String((error as Error).cause) : String(error) },
    };
  }
}

function ask(
  socket: TestSocket,
  event: string,
  payload: unknown,
  timeoutMs = 5_000,
): Promise<{ ok: boolean; [key: string]: unknown } | null> {
  return (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean }> })
    .emitWithAck(event, payload)
    .catch(() => null);
}

/**
 * A screen watching one session as the app's does: it keeps every event it is sent (a count
 * per seq, to find doubles), and after every (re)connection asks for what came after the last
 * seq it holds. With `catchUpOnGap: false` it never asks for more than it is sent: what it ends
 * with is what the server delivered by itself.
 */
export async function watchingScreen(url: string, cookie: string, sessionId: string, options: { reconnect: boolean }) {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: options.reconnect,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  const received = new Map<number, number>();
  let snapshotSeq = 0;
  let reconnections = -1;
  const lastSeq = () => Math.max(snapshotSeq, ...received.keys());
  socket.on('session.event', (event: SessionEvent) => {
    if (event.sessionId === sessionId) received.set(event.seq, (received.get(event.seq) ?? 0) + 1);
  });
  const watch = async () => {
    const result = (await ask(socket, 'session.watch', { sessionId, afterSeq: lastSeq() })) as {
      ok: boolean;
      events?: SessionEvent[];
      snapshot?: { lastSeq: number } | null;
    } | null;
    if (!result?.ok) return;
    if (result.snapshot) snapshotSeq = Math.max(snapshotSeq, result.snapshot.lastSeq);
    for (const event of result.events ?? []) received.set(event.seq, received.get(event.seq) ?? 1);
  };
  socket.on('connect', () => {
    reconnections += 1;
    void watch();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await watch();
  return {
    socket,
    received,
    lastSeq,
    reconnections: () => reconnections,
    /** Seqs it holds beyond the snapshot, and any it was sent more than once. */
    seqs: () => [...received.keys()].filter((seq) => seq > snapshotSeq).sort((a, b) => a - b),
    doubled: () => [...received.entries()].filter(([, count]) => count > 1).map(([seq]) => seq),
    snapshotSeq: () => snapshotSeq,
    close: () => socket.disconnect(),
  };
}

/**
 * A nurse's tablet entering readings one after another, like the outbox: a command without an
 * answer (timeout, refusal by a store that is away) is sent again with the same command id
 * until it is acknowledged. `acked` maps command id -> stored seq.
 */
export async function writingTablet(url: string, cookie: string, sessionId: string) {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  const acked = new Map<string, number>();
  const refusals: string[] = [];
  let running = true;
  let sent = 0;
  const loop = (async () => {
    while (running) {
      const commandId = randomUUID();
      const observedAt = Date.now() - 1_000;
      sent += 1;
      const vitals = { ...goodVitals, heartRateBpm: 60 + (sent % 30) };
      for (;;) {
        if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        const result = (await ask(socket, 'vitals.record', { commandId, sessionId, observedAt, vitals })) as {
          ok: boolean;
          event?: SessionEvent;
          error?: { code: string; message: string };
        } | null;
        if (result?.ok && result.event) {
          acked.set(commandId, result.event.seq);
          break;
        }
        if (result && !result.ok) {
          refusals.push(result.error?.code ?? 'unknown');
          // Only a store that is away is worth resending; anything else would be a bug here.
          if (result.error?.code !== 'store_unavailable') throw new Error(`refused: ${result.error?.code} ${result.error?.message}`);
          // Send again once this process says its store takes writes (as the outbox would, later).
          await expect.poll(async () => (await readyz(url)).status, { timeout: 120_000 }).toBe(200);
        }
        if (!running && !socket.connected) return;
      }
    }
  })();
  return {
    acked,
    refusals,
    /** Stop after the command in hand is acknowledged. */
    async stop() {
      running = false;
      await loop;
      socket.disconnect();
    },
  };
}

/** The seqs of a session's stored events, with their command ids. */
export async function storedSeqs(databaseUrl: string, sessionId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ seq: string; command_id: string }>(
      'select seq, command_id from session_events where session_id = $1 order by seq',
      [sessionId],
    );
    return rows.rows.map((row) => ({ seq: Number(row.seq), commandId: row.command_id }));
  } finally {
    await client.end();
  }
}

/** Rejects as soon as one of the processes ends (with its output), so a crash fails the test at once. */
export function whenAnyExits(servers: ServerProcess[]): Promise<never> {
  const exited = new Promise<never>((_, reject) => {
    for (const server of servers) {
      server.child.once('exit', (code, signal) =>
        reject(new Error(`a Vigil process exited (${code ?? signal}):\n${server.output().slice(-3000)}`)),
      );
    }
  });
  exited.catch(() => undefined);
  return exited;
}

type Screen = Awaited<ReturnType<typeof watchingScreen>>;
type Tablet = Awaited<ReturnType<typeof writingTablet>>;

/**
 * The end state every fault test wants: the session's stored seqs run 1..N with no gap, every
 * acknowledged command is stored once at the seq its answer named, and every screen ends holding
 * exactly the store's events (each sent once, unless `allowResent`: a reconnecting screen's
 * catch-up may overlap what it was sent live, which the app ignores by seq). Returns N.
 */
export async function expectStoreAndScreensAgree(
  databaseUrl: string,
  sessionId: string,
  tablets: Tablet[],
  screens: Screen[],
  options: { allowResent?: boolean } = {},
): Promise<number> {
  const stored = await storedSeqs(databaseUrl, sessionId);
  const lastSeq = stored.length;
  expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  const byCommand = new Map(stored.map((row) => [row.commandId, row.seq]));
  for (const tablet of tablets) for (const [commandId, seq] of tablet.acked) expect(byCommand.get(commandId)).toBe(seq);
  await expect.poll(() => screens.map((screen) => screen.lastSeq()), { timeout: 30_000 }).toEqual(screens.map(() => lastSeq));
  for (const screen of screens) {
    expect(screen.seqs()).toEqual(Array.from({ length: lastSeq - screen.snapshotSeq() }, (_, i) => screen.snapshotSeq() + i + 1));
    if (!options.allowResent) expect(screen.doubled()).toEqual([]);
    screen.close();
  }
  return lastSeq;
}

/**
 * What every fault test starts from: a redis-server of its own, a seeded database of its own,
 * and the environment of the Vigil processes (the command limit raised: tablets here send
 * back to back, far faster than people). `databaseUrl` lets a test put a relay in between.
 */
export async function prepareCluster(prefix: string) {
  const redis: TestRedis = await startTestRedis();
  const name = `vigil_${prefix}_${process.pid}_${Date.now()}`;
  const database = await createDatabase(name);
  const sessionId = await seedClinic(database.url);
  const env = (databaseUrl = database.url): Record<string, string> => ({
    VIGIL_COMMANDS_PER_SECOND: '1000',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    VIGIL_REDIS_STREAM: `vigil-test-${name}`,
  });
  return {
    redis,
    database,
    databaseName: name,
    sessionId,
    env,
    async stop(servers: ServerProcess[]) {
      for (const server of servers) await killHard(server);
      await redis.stop();
      await database.drop();
    },
  };
}
