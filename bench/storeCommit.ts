/**
 * Micro-measure of the store's append path (`node --import tsx bench/storeCommit.ts [rooms] [readings per room]`):
 * device readings appended through the session service, as the HL7 path does (event + audit row
 * in one transaction), on a real SQLite file with synchronous=FULL (or PostgreSQL with
 * DATABASE_URL). First one at a time (a transaction and an fsync each), then every room at once,
 * where group commit puts concurrent rooms' readings in one transaction. Prints throughput, the
 * p50/p99 time to commit, and how many commands each transaction held.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Vigil } from '../server/app';
import { insertRoom } from '../server/store/rooms';
import type { AuditIntent } from '../server/store/audit';
import { appendSessionEvents } from '../server/store/events';
import type { NewSessionEvent } from '../shared/session/events';
import { BEDSIDE_MONITOR, monitorVitals } from '../test/support/longSession';
import { openTestSession, startTestServer } from '../test/support/server';
import { summarize } from './stats';

const rooms = Number(process.argv[2] ?? 50);
const perRoom = Number(process.argv[3] ?? 40);
/** Command ids of this run (a PostgreSQL database may hold an earlier run's). */
const runId = Date.now().toString(36);

const audit: AuditIntent = {
  action: 'device.reading',
  userId: null,
  remoteAddress: '10.0.0.1',
  detail: () => ({ deviceId: BEDSIDE_MONITOR.kind === 'device' ? BEDSIDE_MONITOR.deviceId : null }),
};

function reading(vigil: Vigil, sessionId: string, id: string, index: number): NewSessionEvent {
  return {
    sessionId,
    type: 'vitals.recorded',
    payload: { readingId: id, vitals: monitorVitals(index) },
    observedAt: vigil.clock.now() - 1_000,
    actor: BEDSIDE_MONITOR,
    commandId: id,
  } as NewSessionEvent;
}

/** With DATABASE_URL: a database of this run's own on that server, dropped at the end. */
async function ownDatabase(): Promise<{ url: string | null; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) return { url: null, drop: async () => {} };
  const name = `vigil_bench_store_${process.pid}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name}`) };
}

async function main() {
  const database = await ownDatabase();
  const vigil = await startTestServer({ databaseUrl: database.url }, undefined, {
    alarmTickMs: null,
    readinessIntervalMs: 0,
  });
  for (let room = 3; room <= rooms; room += 1)
    await insertRoom(vigil.store.db, { roomId: `room-${room}`, name: `Room ${room}`, sortOrder: room });
  const sessionIds: string[] = [];
  for (let room = 1; room <= rooms; room += 1) sessionIds.push(await openTestSession(vigil, `room-${room}`));

  const append = async (sessionId: string, id: string, index: number, samples: number[]) => {
    const started = performance.now();
    await vigil.sessions.append(sessionId, [reading(vigil, sessionId, id, index)], audit);
    samples.push(performance.now() - started);
  };

  const run = async (label: string, work: (samples: number[]) => Promise<void>, count: number) => {
    const before = vigil.store.commits.stats();
    const samples: number[] = [];
    const started = performance.now();
    await work(samples);
    const seconds = (performance.now() - started) / 1000;
    const after = vigil.store.commits.stats();
    const batches = after.batches - before.batches;
    const stats = summarize(samples);
    console.log(
      `${label.padEnd(34)} ${String(count).padStart(6)} readings  ${(count / seconds).toFixed(0).padStart(6)}/s  ` +
        `commit p50 ${stats.medianMs.toFixed(2)} ms  p99 ${stats.p99Ms.toFixed(2)} ms  ` +
        (batches > 0
          ? `${batches} shared transactions (${((after.commands - before.commands) / batches).toFixed(1)} readings each)`
          : `${count} transactions`),
    );
  };

  // The store alone: the append as the session service makes it, without the reactors that follow a commit.
  const storeOnly = async (sessionId: string, id: string, index: number, samples: number[], grouped: boolean) => {
    const started = performance.now();
    const draft = reading(vigil, sessionId, id, index);
    if (grouped) await vigil.store.commits.run((trx) => appendSessionEvents(trx, sessionId, [draft], vigil.clock.now(), audit));
    else await appendSessionEvents(vigil.store.db, sessionId, [draft], vigil.clock.now(), audit);
    samples.push(performance.now() - started);
  };
  const everyRoom = (work: (sessionId: string, room: number, i: number) => Promise<void>) =>
    Promise.all(
      sessionIds.map(async (sessionId, room) => {
        for (let i = 0; i < perRoom; i += 1) await work(sessionId, room, i);
      }),
    ).then(() => undefined);
  const total = rooms * perRoom;

  console.log(`store: ${vigil.store.dialect}, ${rooms} rooms, ${perRoom} readings each`);
  await run(
    'store, a transaction each',
    (samples) => everyRoom((id, room, i) => storeOnly(id, `${runId}-own-${room}-${i}`, i, samples, false)),
    total,
  );
  await run(
    'store, group commit',
    (samples) => everyRoom((id, room, i) => storeOnly(id, `${runId}-group-${room}-${i}`, i, samples, true)),
    total,
  );
  await run(
    'session service (reactors on)',
    (samples) => everyRoom((id, room, i) => append(id, `${runId}-service-${room}-${i}`, i, samples)),
    total,
  );
  await vigil.close();
  await database.drop();
}

await main();
