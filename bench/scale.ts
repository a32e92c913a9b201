import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MllpSender } from '../server/devices/mllpSender';
import { readSessionEvents } from '../server/store/events';
import { openStore } from '../server/store/store';
import type { SessionEvent } from '../shared/session/events';
import { dosedSession, MINUTE_MS } from '../test/server/lifecycle/lifecycleClients';
import { connectClient, request, type TestSocket } from '../test/support/server';
import {
  api,
  benchSignIn,
  latencies,
  monitorMessage,
  startBenchScreens,
  startBenchServer,
  type BenchScreens,
  type BenchServer,
} from './scaleClients';
import { epochNow, readingSchedule, type LatencySummary, type ReadingSchedule, type ServerMetrics } from './scaleTypes';
import { watchLoopDelay } from './loopDelay';

/**
 * The scale run: `rooms` rooms created through the rooms API, each with a session and a bedside
 * monitor approved into it through the device API, sending HL7 over MLLP at `rate` readings a
 * second for `seconds`; `boards` boards (Socket.IO, `clinic.watch`) and `tablets` nurses'
 * tablets (`session.watch`) watching. One or two server processes (two: PostgreSQL and Redis,
 * monitors, boards and tablets split between them). At the end the store is read back: every
 * acknowledged reading must be there once.
 */
export interface ScaleOptions {
  rooms: number;
  rate: number;
  boards: number;
  tablets: number;
  seconds: number;
  processes: 1 | 2;
  databaseUrl: string;
  redisUrl: string;
}

export interface ScaleResult {
  rooms: number;
  ratePerRoom: number;
  boards: number;
  tablets: number;
  seconds: number;
  processes: number;
  store: string;
  sent: number;
  acknowledged: number;
  resent: number;
  /** Acknowledged readings per second. */
  throughputPerSecond: number;
  ack: LatencySummary;
  board: LatencySummary;
  /** Part of `board`: a board's wait behind the other boards of the load generator's screens process (absent before 2026-12-01). */
  behindOtherBoards?: LatencySummary;
  /** Boards that missed a reading of some room at the end (none should). */
  boardsBehind: number;
  /** Room changes a board could not apply; it would have re-watched (none expected). */
  staleUpdates: number;
  /** What one board received: messages a second, and the mean size of one room's summary (JSON bytes). */
  boardMessagesPerSecond: number;
  summaryBytes: number;
  /** The monitors' process's own event-loop delay p99: when high, the generator, not the server, was the bottleneck. */
  generatorEventLoopDelayP99Ms: number;
  /** The same for the boards' and tablets' process (board latencies count its delay too). */
  screensEventLoopDelayP99Ms: number;
  servers: ServerMetrics[];
  lost: number;
  doubled: number;
}

export const RUN_ENV = {
  HL7_RATE_PER_SOURCE: '10000',
  HL7_MAX_PENDING_DEVICES: '10000',
  VIGIL_MAX_SOCKETS_PER_USER: '1000',
  VIGIL_COMMANDS_PER_SECOND: '10000',
  VIGIL_DEMO: 'false',
  // The one-process runs use SQLite even when the shell has DATABASE_URL and REDIS_URL set (an
  // empty variable means unset); the two-process run sets its own.
  DATABASE_URL: '',
  REDIS_URL: '',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

/** One or two servers; two share a fresh PostgreSQL database and a Redis stream. */
async function startServers(options: Pick<ScaleOptions, 'processes' | 'databaseUrl' | 'redisUrl' | 'rooms'>) {
  const cleanups: (() => Promise<void>)[] = [];
  const runEnv = { ...RUN_ENV, HL7_MAX_CONNECTIONS: String(Math.max(1_000, options.rooms * 2)) };
  if (options.processes === 1) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scale-'));
    const server = await startBenchServer({ ...runEnv, DATA_DIR: dataDir });
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    return { servers: [server], openStoreForCheck: () => openStore({ dataDir, databaseUrl: null }), cleanups, store: 'SQLite' };
  }
  const name = `vigil_scale_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(options.databaseUrl);
  url.pathname = `/${name}`;
  const env = { ...runEnv, DATABASE_URL: url.toString(), REDIS_URL: options.redisUrl, VIGIL_REDIS_STREAM: `vigil-scale-${randomUUID()}` };
  // One after the other: the first makes the schema and the staff.
  const first = await startBenchServer(env);
  const second = await startBenchServer(env);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  return {
    servers: [first, second],
    openStoreForCheck: () => openStore({ dataDir: os.tmpdir(), databaseUrl: url.toString() }),
    cleanups,
    store: 'PostgreSQL + Redis',
  };
}

interface Room {
  roomId: string;
  sessionId: string;
  deviceId: string;
  server: BenchServer;
}

/** The clinic as its staff would set it up: rooms, a session in each, each room's monitor approved into it. */
export async function setUpClinic(
  servers: BenchServer[],
  count: number,
  log: (line: string) => void,
  dosedAgoMs = 20 * MINUTE_MS,
): Promise<Room[]> {
  const home = servers[0]!;
  // Ticked and dosed `dosedAgoMs` back on the servers' clocks, put right once the clinic is set up.
  await Promise.all(servers.map((server) => server.setClockBehind(dosedAgoMs)));
  const admin = await benchSignIn(home.url, 'admin');
  const ids = Array.from({ length: count }, (_, index) => `bench-${String(index + 1).padStart(4, '0')}`);
  await inParallel(ids, 8, async (roomId, index) => {
    await api(home.url, admin, 'POST', '/api/rooms', { roomId, name: `Bench room ${index + 1}` });
  });
  log(`  ${count} rooms created`);
  const staff = {
    nurse: await connectClient(home.url, await benchSignIn(home.url, 'nurse')),
    prescriber: await connectClient(home.url, await benchSignIn(home.url, 'prescriber')),
    therapist: await connectClient(home.url, await benchSignIn(home.url, 'therapist')),
  };
  const rooms: Room[] = [];
  await inParallel(ids, 8, async (roomId, index) => {
    const { sessionId } = await dosedSession(staff, Date.now() - dosedAgoMs, roomId);
    rooms[index] = { roomId, sessionId, deviceId: `BENCH-MON-${roomId}`, server: servers[index % servers.length]! };
  });
  for (const socket of Object.values(staff)) socket.disconnect();
  await Promise.all(servers.map((server) => server.setClockBehind(0)));
  log(`  ${count} sessions opened and dosed`);
  // Each monitor sends once, is held as a pending device, and an admin approves it into its room.
  await inParallel(rooms, 16, async (room) => {
    const connection = new MllpSender('127.0.0.1', room.server.hl7Port);
    const hello = monitorMessage(room.deviceId, `${room.deviceId}-hello`, Math.floor(Date.now() / 1000) * 1000 - 60_000, {
      systolic: 120,
      diastolic: 80,
      heartRate: 70,
      spo2: 98,
    });
    const { code } = await connection.send(hello);
    connection.close();
    if (code !== 'AA') throw new Error(`${room.deviceId}'s first message was answered ${code}`);
    await api(home.url, admin, 'POST', `/api/devices/${encodeURIComponent(room.deviceId)}/approve`, {
      roomId: room.roomId,
      name: `Monitor ${room.roomId}`,
    });
  });
  log(`  ${count} monitors approved into their rooms`);
  return rooms;
}

/** A smooth vital set from a reading's number, so no alarm fires and no sample looks like an artifact. */
export function vitalsOf(seq: number) {
  return { systolic: 118 + (seq % 6), diastolic: 78 + (seq % 3), heartRate: 68 + (seq % 5), spo2: 97 + (seq % 2) };
}

export async function runScale(options: ScaleOptions, log: (line: string) => void = console.log): Promise<ScaleResult> {
  const { servers, openStoreForCheck, cleanups, store } = await startServers(options);
  let screens: BenchScreens | null = null;
  let running = servers;
  try {
    log(
      `scale: ${options.rooms} rooms x ${options.rate}/s, ${options.boards} boards, ${options.tablets} tablets, ${options.seconds} s, ${servers.length} process(es)`,
    );
    const rooms = await setUpClinic(servers, options.rooms, log);
    // The boards and tablets parse every summary they receive: in a process of their own, so
    // that work does not delay the monitors' sends and the ACK times measured here.
    screens = startBenchScreens();
    await screens.watch({
      servers: servers.map((server) => server.url),
      rooms: rooms.map(({ roomId, sessionId }) => ({ roomId, sessionId })),
      boards: options.boards,
      tablets: options.tablets,
    });
    log(`  ${options.boards} boards and ${options.tablets} tablets watching (a process of their own)`);

    // Monitors hold their connection, as real ones do: connected before the run, so no reading's
    // time includes a handshake. (Connected by their first readings, 500 at once, some 470 of the
    // first second's 500 readings took over 100 ms on a slow day of this machine: 2026-12-01.)
    const connections = rooms.map((room) => new MllpSender('127.0.0.1', room.server.hl7Port));
    await inParallel(connections, 50, (connection) => connection.open());
    log(`  ${connections.length} monitors connected`);

    // The run: each monitor sends on its own schedule, staggered over the first second.
    const ack = latencies();
    const perMonitor = Math.max(1, Math.round(options.seconds * options.rate));
    const intervalMs = 1000 / options.rate;
    let acknowledged = 0;
    let resent = 0;
    const acked: Set<number>[] = rooms.map(() => new Set());
    const sentPerRoom = rooms.map(() => 0);
    for (const server of servers) server.resetMetrics();
    const generatorDelay = watchLoopDelay();
    const schedule: ReadingSchedule = {
      startedAt: epochNow(),
      intervalMs,
      rooms: rooms.length,
      perMonitor,
      runStart: Math.floor(Date.now() / 1000) * 1000,
    };
    screens.measure(schedule);
    await Promise.all(
      rooms.map(async (room, index) => {
        const connection = connections[index]!;
        for (let seq = 0; seq < perMonitor; seq += 1) {
          const scheduledAt = readingSchedule.dueAt(schedule, index, seq);
          const wait = scheduledAt - epochNow();
          if (wait > 0) await sleep(wait);
          // One reading a second apart, ending when the run does (HL7 times are in whole seconds).
          const observedAt = readingSchedule.observedAt(schedule, seq);
          sentPerRoom[index] = seq + 1;
          const message = monitorMessage(room.deviceId, `${room.deviceId}-${seq}`, observedAt, vitalsOf(seq));
          // As monitors do: AE or no answer, send the same message again.
          for (let attempt = 0; attempt < 10; attempt += 1) {
            const { code } = await connection.send(message);
            if (code === 'AA') {
              ack.record(epochNow() - scheduledAt);
              acknowledged += 1;
              acked[index]!.add(observedAt);
              break;
            }
            if (code === 'AR') break;
            resent += 1;
          }
        }
        connection.close();
      }),
    );
    const sendingMs = epochNow() - schedule.startedAt;
    generatorDelay.stop();
    // Boards catch up with the last readings (the throttle's trailing edge).
    const onScreens = await screens.finish(sentPerRoom);
    const metrics = await Promise.all(servers.map((server) => server.metrics()));
    await screens.stop();
    screens = null;
    await Promise.all(servers.map((server) => server.stop()));
    running = [];

    // Read back: every acknowledged reading stored once.
    const check = await openStoreForCheck();
    let lost = 0;
    let doubled = 0;
    try {
      for (const [index, room] of rooms.entries()) {
        const events: SessionEvent[] = await readSessionEvents(check.db, room.sessionId);
        const counts = new Map<number, number>();
        for (const event of events) {
          if (event.type !== 'vitals.recorded' || event.actor.kind !== 'device') continue;
          counts.set(event.observedAt, (counts.get(event.observedAt) ?? 0) + 1);
        }
        for (const observedAt of acked[index]!) {
          const count = counts.get(observedAt) ?? 0;
          if (count === 0) lost += 1;
          if (count > 1) doubled += count - 1;
        }
      }
    } finally {
      await check.close();
    }
    const sentCount = sentPerRoom.reduce((total, count) => total + count, 0);
    return {
      rooms: options.rooms,
      ratePerRoom: options.rate,
      boards: options.boards,
      tablets: options.tablets,
      seconds: options.seconds,
      processes: servers.length,
      store,
      sent: sentCount,
      acknowledged,
      resent,
      throughputPerSecond: Math.round((acknowledged / (sendingMs / 1000)) * 10) / 10,
      ack: ack.summary(),
      board: onScreens.board,
      behindOtherBoards: onScreens.behindOtherBoards,
      boardsBehind: onScreens.boardsBehind,
      staleUpdates: onScreens.staleUpdates,
      boardMessagesPerSecond: Math.round((onScreens.firstBoardMessages / (sendingMs / 1000)) * 10) / 10,
      summaryBytes: onScreens.summaryBytes,
      generatorEventLoopDelayP99Ms: generatorDelay.summary().p99Ms,
      screensEventLoopDelayP99Ms: onScreens.eventLoopDelayP99Ms,
      servers: metrics,
      lost,
      doubled,
    };
  } finally {
    await screens?.stop();
    await Promise.all(running.map((server) => server.stop()));
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

export interface LongSessionPoint {
  readings: number;
  ack: LatencySummary;
  fanout: LatencySummary;
}

export interface LongSessionResult {
  screens: number;
  samples: number;
  /** Sessions of each size, sampled in turn (absent before 2026-12-01: one). */
  sessionsPerSize?: number;
  points: LongSessionPoint[];
  /** p99 at the longest session over p99 at the shortest. */
  ackP99Ratio: number;
  fanoutP99Ratio: number;
}

/**
 * Sessions of different lengths on one server, `sessionsPerSize` of each size in `sizes`, each
 * filled by a nurse's tablet (readings a second apart, as a monitor's). Then `samples` readings
 * per size from the sessions' monitors over MLLP, one at a time and taken in turn (one from each
 * session, then again), each timed to its ACK and until `screens` watching screens hold it.
 * Taken in turn, every size sees the same machine: measured one size after the other, a drift of
 * the machine's speed between the two spells moved the ratio of their p99s by more than the
 * goal's 20%. Spread over several sessions, the samples add few readings to each (200 to a
 * session of 1,000 in the README's run, not 1,000), and the p99 rests on the tenth-slowest of
 * 1,000 samples rather than the second-slowest of 200.
 */
export async function runLongSession(
  options: { sizes: number[]; samples: number; screens: number; sessionsPerSize: number },
  log: (line: string) => void = console.log,
): Promise<LongSessionResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-long-'));
  const server = await startBenchServer({ ...RUN_ENV, DATA_DIR: dataDir });
  const sockets: TestSocket[] = [];
  const connections: MllpSender[] = [];
  try {
    const sizes = [...options.sizes].sort((a, b) => a - b);
    const perSession = Math.max(1, Math.ceil(options.samples / options.sessionsPerSize));
    log(
      `long session: ${options.sessionsPerSize} sessions each of ${sizes.join(' and ')} readings, ${perSession * options.sessionsPerSize} samples a size taken in turn, ${options.screens} screens`,
    );
    // The history is laid out a second apart from just after the dose, the samples follow, all in the past.
    const dosedAgoMs = (sizes.at(-1)! + perSession + 120) * 1000;
    const rooms = await setUpClinic([server], sizes.length * options.sessionsPerSize, log, dosedAgoMs);
    const firstAt = Math.floor((Date.now() - dosedAgoMs) / 1000) * 1000 + 5_000;
    const bySize = sizes.map((size) => ({ size, ack: latencies(), fanout: latencies() }));
    const sessions = rooms.map((room, index) => ({ ...room, of: bySize[index % sizes.length]!, filled: 0, lastSeq: 0 }));
    const nurse = await connectClient(server.url, await benchSignIn(server.url, 'nurse'));
    sockets.push(nurse);
    const observedAtOf = (index: number) => firstAt + index * 1000;
    let filled = 0;
    for (const session of sessions) {
      const fill = Array.from({ length: session.of.size }, (_, index) => observedAtOf(index));
      await inParallel(fill, 16, async (observedAt) => {
        const v = vitalsOf((observedAt - firstAt) / 1000);
        const answer = await request(nurse, 'vitals.record', {
          commandId: randomUUID(),
          sessionId: session.sessionId,
          observedAt,
          vitals: {
            systolicMmHg: v.systolic,
            diastolicMmHg: v.diastolic,
            heartRateBpm: v.heartRate,
            spo2Percent: v.spo2,
            respiratoryRatePerMin: 14,
          },
        });
        if (!answer.ok) throw new Error(answer.error.message);
        session.lastSeq = Math.max(session.lastSeq, answer.event.seq);
        session.filled += 1;
        filled += 1;
        if (filled % 10_000 === 0) log(`  ${filled} readings so far`);
      });
      connections.push(new MllpSender('127.0.0.1', server.hl7Port));
    }
    log(`  ${sessions.length} sessions filled (${filled} readings)`);
    // The screens watch from the end of the fill (a screen opened on a long session catches up once, then follows).
    const screensCookie = await benchSignIn(server.url, 'nurse');
    // The sample being timed: how many screens still lack it, and who waits for them.
    let awaited: { sessionId: string; observedAt: number; missing: number; done: () => void } | null = null;
    for (let index = 0; index < options.screens; index += 1) {
      const socket = await connectClient(server.url, screensCookie);
      sockets.push(socket);
      socket.on('session.event', (event) => {
        if (event.type !== 'vitals.recorded' || awaited === null) return;
        if (event.sessionId !== awaited.sessionId || event.observedAt !== awaited.observedAt) return;
        awaited.missing -= 1;
        if (awaited.missing === 0) awaited.done();
      });
      for (const session of sessions) await request(socket, 'session.watch', { sessionId: session.sessionId, afterSeq: session.lastSeq });
    }
    for (let sample = 0; sample < perSession; sample += 1) {
      for (const [index, session] of sessions.entries()) {
        const observedAt = observedAtOf(session.filled);
        const everyScreen = new Promise<void>((done) => {
          awaited = { sessionId: session.sessionId, observedAt, missing: options.screens, done };
        });
        const started = performance.now();
        const message = monitorMessage(session.deviceId, `${session.deviceId}-long-${observedAt}`, observedAt, vitalsOf(session.filled));
        const { code } = await connections[index]!.send(message);
        if (code !== 'AA') throw new Error(`sample answered ${code}`);
        session.of.ack.record(performance.now() - started);
        await everyScreen;
        session.of.fanout.record(performance.now() - started);
        session.filled += 1;
      }
    }
    const points: LongSessionPoint[] = bySize.map((of) => ({ readings: of.size, ack: of.ack.summary(), fanout: of.fanout.summary() }));
    const ratio = (pick: (point: LongSessionPoint) => number) => Math.round((pick(points.at(-1)!) / pick(points[0]!)) * 100) / 100;
    return {
      screens: options.screens,
      samples: perSession * options.sessionsPerSize,
      sessionsPerSize: options.sessionsPerSize,
      points,
      ackP99Ratio: ratio((point) => point.ack.p99Ms),
      fanoutP99Ratio: ratio((point) => point.fanout.p99Ms),
    };
  } finally {
    for (const connection of connections) connection.close();
    for (const socket of sockets) socket.disconnect();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
