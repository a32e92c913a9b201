import { randomUUID } from 'node:crypto';
import { afterEach, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import type { Config } from '../../../server/config';
import type { Protocol } from '../../../shared/protocols/schema';
import type { Actor } from '../../../shared/session/actor';
import type { NewSessionEvent, SessionEvent, SessionEventPayload, SessionEventType } from '../../../shared/session/events';
import { applySessionEvent } from '../../../shared/session/reducer';
import type { SessionState } from '../../../shared/session/state';
import type { VitalSet } from '../../../shared/vitals/schema';
import { connectClient, openTestSession, request, signIn, startTestServer, tempDataDir, type TestSocket } from '../../support/server';

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
export type ManualClock = ReturnType<typeof createManualClock>;

/** A screen watching one session: every event it receives, and the state it folds from them. */
export interface Screen {
  socket: TestSocket;
  events: SessionEvent[];
  state(): SessionState;
  /** Resolves with the first received event (past or future) matching `match`. */
  waitFor(match: (event: SessionEvent) => boolean, timeoutMs?: number): Promise<SessionEvent>;
}

/**
 * A real Vigil on port 0 with a real SQLite file and a manual clock; the alarm timer is off
 * unless `alarmTickMs` is given, so tests move time and call `vigil.alarms.tick()` themselves.
 */
export async function startAlarmServer(
  options: { dataDir?: string; clock?: ManualClock; alarmTickMs?: number | null; config?: Partial<Config> } = {},
) {
  const clock = options.clock ?? createManualClock(T0);
  const config: Partial<Config> = { ...options.config };
  if (options.dataDir) config.dataDir = options.dataDir;
  // PostgreSQL when DATABASE_URL is set, unless the test asks for a store of its own (databaseUrl: null).
  if (process.env.DATABASE_URL && !('databaseUrl' in config)) config.databaseUrl = process.env.DATABASE_URL;
  const vigil = await startTestServer(config, clock, { alarmTickMs: options.alarmTickMs ?? null });
  const sockets: TestSocket[] = [];

  async function screen(username: string, sessionId: string): Promise<Screen> {
    const socket = await connectClient(vigil.url, await signIn(vigil, username));
    sockets.push(socket);
    const events: SessionEvent[] = [];
    const waiters: { match: (event: SessionEvent) => boolean; resolve: (event: SessionEvent) => void }[] = [];
    socket.on('session.event', (event) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
    const watched = await request(socket, 'session.watch', { sessionId, afterSeq: 0 });
    if (!watched.ok || !watched.snapshot) throw new Error('watch failed');
    const snapshot = watched.snapshot;
    return {
      socket,
      events,
      state: () => events.reduce<SessionState>((state, event) => applySessionEvent(state, event) ?? state, snapshot),
      waitFor(match, timeoutMs = 3000) {
        const seen = events.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
          waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
        });
      },
    };
  }

  /** A signed-in socket that watches nothing yet. */
  async function client(username: string): Promise<TestSocket> {
    const socket = await connectClient(vigil.url, await signIn(vigil, username));
    sockets.push(socket);
    return socket;
  }

  return {
    vigil,
    clock,
    screen,
    client,
    openSession: (roomId = 'room-1', protocol?: Protocol) => openTestSession(vigil, roomId, protocol),
    async close() {
      for (const socket of sockets.splice(0)) socket.disconnect();
      await vigil.close();
    },
  };
}

export type AlarmServer = Awaited<ReturnType<typeof startAlarmServer>>;

/** An alarm server (as `startAlarmServer`) with one session open in room 1: the set-up of most alarm tests. */
export async function startAlarmSession(options: Parameters<typeof startAlarmServer>[0] = {}) {
  const server = await startAlarmServer(options);
  return { server, sessionId: await server.openSession() };
}

/**
 * `it` with an alarm server and one open session (as `startAlarmSession`) for each test that asks
 * for `server` or `sessionId`; the server is closed after the test.
 */
export const alarmTest = it.extend<{ alarmSession: { server: AlarmServer; sessionId: string }; server: AlarmServer; sessionId: string }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern; this one has none.
  alarmSession: async ({}, use) => {
    const started = await startAlarmSession();
    await use(started);
    await started.server.close();
  },
  server: async ({ alarmSession }, use) => use(alarmSession.server),
  sessionId: async ({ alarmSession }, use) => use(alarmSession.sessionId),
});

/**
 * Alarm servers a test starts (with `defaults` under its own options), all closed after each
 * test: for tests that restart a server or run two on the same data.
 */
export function alarmServersPerTest(defaults: Parameters<typeof startAlarmServer>[0] = {}) {
  const servers: AlarmServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  const perTest = {
    async start(options: Parameters<typeof startAlarmServer>[0] = {}) {
      const server = await startAlarmServer({ ...defaults, ...options });
      servers.push(server);
      return server;
    },
    /**
     * Servers on one fresh data folder and one manual clock at T0, started by `start` here: a
     * server and its restart, or several nodes on the same store.
     */
    onSharedData() {
      const dataDir = tempDataDir();
      const clock = createManualClock(T0);
      return { clock, start: () => perTest.start({ dataDir, clock }) };
    },
    /** Closes a server now (a node going down mid-test). */
    async stop(server: AlarmServer) {
      servers.splice(servers.indexOf(server), 1);
      await server.close();
    },
  };
  return perTest;
}

/** Moves the server's clock on by `ms` and runs one pass of the alarm timer. */
export async function tickAfter(server: AlarmServer, ms: number): Promise<void> {
  server.clock.advance(ms);
  await server.vigil.alarms.tick();
}

/** The test server's nurse, as the actor of events a test appends for her. */
export const testNurse: Actor = { kind: 'user', userId: 'u-nurse', displayName: 'Test nurse', role: 'nurse' };

/**
 * Appends one event straight to the store, observed now, with a fresh command id: for what the
 * test is not about (a dose, a device's sample), whose own checks are tested elsewhere.
 */
export function appendNow<T extends SessionEventType>(
  server: AlarmServer,
  sessionId: string,
  type: T,
  payload: SessionEventPayload<T>,
  actor: Actor = testNurse,
) {
  const draft = { sessionId, type, payload, observedAt: server.clock.now(), actor, commandId: randomUUID() } as NewSessionEvent;
  return server.vigil.sessions.append(sessionId, [draft]);
}

/** The dose (esketamine 56 mg intranasal) given now, appended straight to the store. */
export function appendDose(server: AlarmServer, sessionId: string, actor: Actor = testNurse) {
  return appendNow(
    server,
    sessionId,
    'dose.recorded',
    { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' },
    actor,
  );
}

/** Records a vital set through the nurse's socket, measured now; returns the reading id. */
export async function recordVitals(server: AlarmServer, nurse: TestSocket, sessionId: string, vitals: VitalSet): Promise<string> {
  const commandId = randomUUID();
  const ack = await request(nurse, 'vitals.record', { commandId, sessionId, observedAt: server.clock.now(), vitals });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.event.payload && 'readingId' in ack.event.payload ? String(ack.event.payload.readingId) : commandId;
}

/** Every stored event of a session. */
export function storedEvents(vigil: Vigil, sessionId: string) {
  return vigil.sessions.eventsAfter(sessionId, 0);
}

/** "type alarmId" of the alarm events in a list, in order. */
export function alarmTrail(events: SessionEvent[]): string[] {
  return events
    .filter((event) => event.type.startsWith('alarm.'))
    .map((event) => `${event.type} ${'alarmId' in event.payload ? event.payload.alarmId : ''}`.trim());
}

/** Matches an alarm event of a type (and alarm id). */
export const alarmEvent = (type: SessionEvent['type'], alarmId?: string) => (event: SessionEvent) =>
  event.type === type && (alarmId === undefined || ('alarmId' in event.payload && event.payload.alarmId === alarmId));
