import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MllpSender } from '../server/devices/mllpSender';
import { pgCost, startPgCountingRelay, type PgMessages } from '../test/support/pgCountingRelay';
import { inParallel, RUN_ENV, setUpClinic, vitalsOf } from './scale';
import { monitorMessage, startBenchServer } from './scaleClients';

/**
 * What one stored monitor reading costs PostgreSQL: a measurement, not a timed bench.
 *
 *   node --import tsx bench/pgCostPerReading.ts [--rooms 50] [--readings 2000] [--rate 4]
 *
 * Starts one Vigil server process (as the scale bench does, `scaleServer.ts`) on a fresh database
 * of the PostgreSQL server in DATABASE_URL (default: the local test one) and the Redis of
 * REDIS_URL, sets up `rooms` rooms each with a dosed session and an approved monitor, warms up
 * (two readings a monitor), then sends `readings` HL7 readings over MLLP, each monitor `rate` a
 * second (a high one, e.g. 100: each monitor sends as soon as it has its ACK, the machine is
 * saturated and batches are larger, as in the scale bench). Vigil reaches PostgreSQL through a relay in this process that reads the protocol's
 * frontend messages (test/support/pgCountingRelay.ts), so the figures count what it really sends:
 * - round trips: simple queries (Q) and extended-protocol syncs (S), each one wait for an answer;
 * - statements run (Q and Bind) and parsed (Q and Parse: an unnamed or new named statement);
 * - PostgreSQL CPU: utime + stime (/proc/<pid>/stat) of the client backends of this database
 *   (pg_stat_activity), sampled through the run; Vigil's CPU likewise.
 * All per acknowledged reading, over the measured readings only (setup and warm-up excluded).
 * The machine's other load is in none of them, but a busy machine still slows the run.
 * PGCOST_PARSED=1 also lists the statements parsed, per reading. Batches per reading (one
 * transaction each) vary from run to run and move every figure: compare runs with similar ones.
 */

const { values: args } = parseArgs({
  options: {
    rooms: { type: 'string', default: '50' },
    readings: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '4' },
  },
});
const rooms = Number(args.rooms);
const perMonitor = Math.ceil(Number(args.readings) / rooms);
const ratePerMonitor = Number(args.rate);
const WARM_UP_PER_MONITOR = 2;

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in ms; null once it has exited. */
function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The CPU of the database's client backends: sampled often, so a backend that exits is counted up to its last sample. */
function sampleBackends(admin: pg.Client, database: string) {
  const latest = new Map<number, number>();
  const atStart = new Map<number, number>();
  let running = true;
  const sample = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`,
      [database],
    );
    for (const { pid } of rows) {
      const ms = cpuMs(pid);
      if (ms !== null) latest.set(pid, ms);
    }
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await sleep(100);
    }
  })();
  return {
    async start() {
      await sample();
      for (const [pid, ms] of latest) atStart.set(pid, ms);
    },
    /** CPU ms since `start`, over every backend seen (one that started since counts whole). */
    async stop(): Promise<{ ms: number; backends: number }> {
      running = false;
      await loop;
      await sample();
      let ms = 0;
      for (const [pid, now] of latest) ms += now - (atStart.get(pid) ?? 0);
      return { ms, backends: latest.size };
    },
  };
}

/** Waits until the relay sees nothing new for `quietMs` (the passes after the last commit are done). */
async function settled(relay: { messages(): PgMessages }, quietMs = 500) {
  const total = () => [...relay.messages().byType.values()].reduce((sum, count) => sum + count, 0);
  let last = total();
  for (;;) {
    await sleep(quietMs);
    const now = total();
    if (now === last) return;
    last = now;
  }
}

async function main() {
  const name = `vigil_pgcost_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const relay = await startPgCountingRelay(databaseUrl);
  const viaRelay = new URL(relay.urlOf(databaseUrl));
  viaRelay.pathname = `/${name}`;
  const server = await startBenchServer({
    ...RUN_ENV,
    HL7_MAX_CONNECTIONS: '1000',
    DATABASE_URL: viaRelay.toString(),
    REDIS_URL: redisUrl,
    VIGIL_REDIS_STREAM: `vigil-pgcost-${randomUUID()}`,
  });
  try {
    const clinic = await setUpClinic([server], rooms, (line) => console.log(line));
    const firstObservedAt = Math.floor(Date.now() / 1000) * 1000 - (perMonitor + WARM_UP_PER_MONITOR + 2) * 1000;
    const senders = clinic.map((room) => new MllpSender('127.0.0.1', room.server.hl7Port));
    /** Each monitor sends readings `from` to `to` (exclusive), `ratePerMonitor` a second; the count acknowledged. */
    const send = async (from: number, to: number) => {
      let acknowledged = 0;
      await inParallel(clinic, clinic.length, async (room, index) => {
        const startedAt = performance.now() + (index / clinic.length) * (1000 / ratePerMonitor);
        for (let seq = from; seq < to; seq += 1) {
          const wait = startedAt + (seq - from) * (1000 / ratePerMonitor) - performance.now();
          if (wait > 0) await sleep(wait);
          const message = monitorMessage(room.deviceId, `${room.deviceId}-${seq}`, firstObservedAt + seq * 1000, vitalsOf(seq));
          const { code } = await senders[index]!.send(message);
          if (code === 'AA') acknowledged += 1;
          else console.log(`  ${room.deviceId} reading ${seq}: ${code}`);
        }
      });
      return acknowledged;
    };
    await send(0, WARM_UP_PER_MONITOR);
    await settled(relay);
    console.log(`  warmed up: ${WARM_UP_PER_MONITOR} readings a monitor`);

    const backends = sampleBackends(admin, name);
    await backends.start();
    const before = relay.messages();
    const vigilBefore = cpuMs(server.pid)!;
    const startedAt = performance.now();
    const acknowledged = await send(WARM_UP_PER_MONITOR, WARM_UP_PER_MONITOR + perMonitor);
    const sendingMs = performance.now() - startedAt;
    await settled(relay);
    const vigilMs = cpuMs(server.pid)! - vigilBefore;
    const after = relay.messages();
    const postgres = await backends.stop();
    for (const sender of senders) sender.close();

    const cost = pgCost(before, after);
    const per = (value: number) => Math.round((value / acknowledged) * 100) / 100;
    const perKey = (counts: Map<string, number>) => [...counts].map(([key, count]) => `${key} ${per(count)}`);
    console.log(
      [
        `${acknowledged} readings acknowledged in ${Math.round(sendingMs)} ms (${rooms} rooms, ${ratePerMonitor}/s each)`,
        `round trips per reading:       ${per(cost.roundTrips)}`,
        `statements run per reading:    ${per(cost.statementsRun)} (simple queries: ${perKey(cost.simpleQueries).join(', ')})`,
        `statements parsed per reading: ${per(cost.statementsParsed)}`,
        `batches (begin) per reading:   ${per(cost.simpleQueries.get('begin') ?? 0)}`,
        `PostgreSQL CPU per reading:    ${per(postgres.ms)} ms (${postgres.backends} backends)`,
        `Vigil CPU per reading:         ${per(vigilMs)} ms`,
        ...(process.env.PGCOST_PARSED ? ['parsed, per reading:', ...perKey(cost.parsed).map((line) => `  ${line}`)] : []),
      ].join('\n'),
    );
  } finally {
    await server.stop();
    relay.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
