/**
 * A longer fuzz run against a live server (a real child process on a real port):
 *
 *   node --import tsx scripts/fuzz.ts --seconds 60 [--seed 1234] [--workers 4] [--out bench/fuzz-results.json]
 *
 * Several sockets send, as fast as answers come back: valid requests, valid requests with
 * fields replaced/removed/added (fast-check), the fixed hostile cases of the test suite, unknown
 * event names, and random HTTP bodies to every route; and HL7 frames (valid, forged, broken,
 * random) to the MLLP listener from the monitor's bound address, from an address inside HL7_ALLOW
 * that is not the monitor's, and from outside HL7_ALLOW. Then it checks that the server is still
 * up and ready, that every acknowledged command is stored exactly once, that every stored event
 * still parses, and that SQLite's integrity check passes. Prints the counts and writes a summary
 * (read by scripts/reliabilityReport.ts). Exits 1 on any internal error, crash or lost command.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { io as connect } from 'socket.io-client';
import { sessionEventSchema } from '../shared/session/events';
import { freePort, killHard, spawnServer } from '../test/support/process';
import {
  FUZZ_GATEWAY,
  FUZZ_MONITOR,
  HL7_ALLOW_FOR_CASES,
  HL7_SOURCES,
  hl7FrameCases,
  randomHl7Frame,
  sendHl7,
} from '../test/server/reliability/hl7Cases';
import {
  anyJson,
  hostileCases,
  INBOUND_EVENTS,
  mutatedArb,
  OTHER_INBOUND,
  schemaFor,
  UNKNOWN_EVENTS,
  validExamples,
  type HostileCase,
} from '../test/server/reliability/fuzzCases';
import { bodyRoutes, prepareDataDir, seededRandom, signInTo, writeResults } from '../test/server/reliability/support';
import { startTestServer, type TestSocket } from '../test/support/server';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench/fuzz-results.json' },
  },
});
const SECONDS = Number(options.seconds);
const SEED = options.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(options.seed);
const WORKERS = Number(options.workers);
if (!(SECONDS > 0) || !Number.isInteger(SEED) || !(WORKERS >= 1)) {
  console.error('Usage: node --import tsx scripts/fuzz.ts --seconds 60 [--seed N] [--workers 4] [--out file]');
  process.exit(2);
}

type Answer =
  | {
      ok: true;
      event?: { commandId: string; sessionId: string; seq: number };
      readingId?: string;
      stored?: string;
      sessionId?: string | null;
    }
  | { ok: false; error: { code: string; message: string } };

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const counts = {
  socketCases: 0,
  bySource: {} as Record<string, number>,
  answersByCode: {} as Record<string, number>,
  noAnswer: 0,
  disconnects: 0,
  httpCases: 0,
  httpByStatus: {} as Record<string, number>,
  acknowledgedCommands: 0,
  hl7Cases: 0,
  hl7ByOutcome: {} as Record<string, number>,
  /** An answer from outside HL7_ALLOW, a registered device accepted from the wrong address, a listener that stopped accepting. */
  hl7Violations: 0,
};
const internalSamples: string[] = [];
const bump = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

function ask(socket: TestSocket, event: string, args: unknown[], ms = 5000): Promise<Answer | 'no answer'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), ms);
    const done = (answer: Answer) => {
      clearTimeout(timer);
      resolve(answer);
    };
    (socket.emit as (...a: unknown[]) => void)(event, ...args, done);
  });
}

async function main() {
  console.log(`[fuzz] seed ${SEED}, ${SECONDS} s, ${WORKERS} sockets`);
  const prepared = await prepareDataDir(
    [
      { username: 'fuzz-prescriber', role: 'prescriber' },
      { username: 'fuzz-nurse', role: 'nurse' },
      { username: 'fuzz-admin', role: 'admin' },
    ],
    3,
  );
  const hl7Port = await freePort();
  const server = await spawnServer({
    DATA_DIR: prepared.dataDir,
    VIGIL_COMMANDS_PER_SECOND: '5000',
    HL7_PORT: String(hl7Port),
    HL7_ALLOW: HL7_ALLOW_FOR_CASES.join(','),
    HL7_RATE_PER_SOURCE: '10000',
  });
  const url = server.url;
  const sessionIds = [...prepared.sessions.keys()];
  const cookies = {
    prescriber: await signInTo(url, 'fuzz-prescriber'),
    nurse: await signInTo(url, 'fuzz-nurse'),
    admin: await signInTo(url, 'fuzz-admin'),
  };
  const acked = new Map<string, { sessionId: string; seq: number | null }>();
  // A bedside monitor's gateway in room 1, registered as an admin would.
  const adminHeaders = { 'content-type': 'application/json', cookie: cookies.admin };
  await fetch(`${url}/api/devices`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ deviceId: FUZZ_GATEWAY, name: 'Fuzz cuff', roomId: 'room-1', kind: 'gateway' }),
  });
  const deviceKey = (
    (await (await fetch(`${url}/api/devices/${FUZZ_GATEWAY}/key`, { method: 'POST', headers: adminHeaders })).json()) as { key: string }
  ).key;
  // A bedside monitor speaking HL7 in room 2, bound to this machine's first loopback address.
  await fetch(`${url}/api/devices`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ deviceId: FUZZ_MONITOR, name: 'Fuzz monitor', roomId: 'room-2', addresses: [HL7_SOURCES.bound] }),
  });
  const reading = OTHER_INBOUND.find((o) => o.name.startsWith('readingSubmitRequestSchema'))!;
  let serverDied = false;
  server.child.once('exit', () => (serverDied = true));

  const examples = () =>
    validExamples({
      sessionId: pick(sessionIds),
      roomId: pick(['room-1', 'room-2', 'room-3', 'no-such-room']),
      commandId: randomUUID,
      now: Date.now() - 1000,
    });
  let seedCounter = SEED;
  const batches = new Map<string, unknown[]>();
  /** fast-check values in seeded batches (sampling one at a time would be slow). */
  function sampled(key: string, arbitrary: () => fc.Arbitrary<unknown>): unknown {
    let batch = batches.get(key);
    if (!batch || batch.length === 0) {
      batch = fc.sample(arbitrary(), { numRuns: 200, seed: (seedCounter += 1) });
      batches.set(key, batch);
    }
    return batch.pop();
  }
  const hostile = new Map<string, HostileCase[]>();
  const fixedCases = (event: string) => {
    if (!hostile.has(event)) hostile.set(event, hostileCases(examples()[event]!, schemaFor(event)!));
    return hostile.get(event)!;
  };

  function nextCase(): { source: string; event: string; args: unknown[] } {
    const roll = random();
    const event = pick(INBOUND_EVENTS);
    if (roll < 0.2) return { source: 'valid', event, args: [examples()[event]] };
    if (roll < 0.6) return { source: 'mutated', event, args: [sampled(`m:${event}`, () => mutatedArb(examples()[event]!))] };
    if (roll < 0.8) return { source: 'hostile', event, args: pick(fixedCases(event)).args };
    if (roll < 0.9) return { source: 'random-json', event, args: [sampled('json', () => anyJson)] };
    const name = random() < 0.5 ? pick(UNKNOWN_EVENTS) : (sampled('name', () => fc.string({ maxLength: 60 })) as string);
    return { source: 'unknown-event', event: name || 'x', args: [sampled('json', () => anyJson)] };
  }

  const deadline = Date.now() + SECONDS * 1000;

  const readingCases = hostileCases({ ...reading.example, observedAt: Date.now() }, reading.schema);
  function nextGatewayCase(): { source: string; event: string; args: unknown[] } {
    const roll = random();
    const valid = () => ({ ...reading.example, commandId: randomUUID(), observedAt: Date.now() - 1000 });
    if (roll < 0.3) return { source: 'gateway-valid', event: 'reading.submit', args: [valid()] };
    if (roll < 0.7) return { source: 'gateway-mutated', event: 'reading.submit', args: [sampled('m:gateway', () => mutatedArb(valid()))] };
    if (roll < 0.9) return { source: 'gateway-hostile', event: 'reading.submit', args: pick(readingCases).args };
    return { source: 'gateway-unknown-event', event: pick([...UNKNOWN_EVENTS, ...INBOUND_EVENTS]), args: [sampled('json', () => anyJson)] };
  }

  async function socketWorker(index: number) {
    const cookie = index % 2 === 0 ? cookies.prescriber : cookies.nurse;
    // The last worker is the monitor's gateway on /devices; the others are people on the clinic namespace.
    const isGateway = WORKERS > 1 && index === WORKERS - 1;
    const open = () =>
      new Promise<TestSocket>((resolve, reject) => {
        const socket: TestSocket = isGateway
          ? connect(`${url}/devices`, {
              transports: ['websocket'],
              auth: { deviceId: FUZZ_GATEWAY, key: deviceKey },
              reconnection: false,
              forceNew: true,
            })
          : connect(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    let socket = await open();
    while (Date.now() < deadline && !serverDied) {
      if (!socket.connected) {
        counts.disconnects += 1;
        socket = await open();
      }
      const next = isGateway ? nextGatewayCase() : nextCase();
      const reserved = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
      if (reserved.includes(next.event)) continue; // socket.io-client refuses to emit these at all.
      bump(counts.bySource, next.source);
      counts.socketCases += 1;
      const answer = await ask(socket, next.event, next.args);
      if (answer === 'no answer') {
        counts.noAnswer += 1;
        continue;
      }
      bump(counts.answersByCode, answer.ok ? 'ok' : answer.error.code);
      if (!answer.ok && answer.error.code === 'internal' && internalSamples.length < 20) {
        internalSamples.push(`${next.event} ${JSON.stringify(next.args).slice(0, 300)} -> ${answer.error.message}`);
      }
      if (answer.ok && answer.event && typeof answer.event.commandId === 'string') {
        acked.set(answer.event.commandId, { sessionId: answer.event.sessionId, seq: answer.event.seq });
      }
      if (answer.ok && answer.stored === 'session' && typeof answer.readingId === 'string' && answer.sessionId) {
        acked.set(answer.readingId, { sessionId: answer.sessionId, seq: null });
      }
    }
    socket.disconnect();
  }

  // Every route that takes a body (as a server registers them: read from a throwaway one in this process), plus a few that take none.
  const listing = await startTestServer();
  const registered = listing.routes();
  await listing.close();
  const routes = [
    ...bodyRoutes(registered).map((route) => ({ ...route, cookie: route.path.startsWith('/api/auth/') ? null : cookies.admin })),
    { method: 'GET', path: '/api/me', cookie: cookies.nurse },
    { method: 'GET', path: '/api/rooms', cookie: cookies.nurse },
  ];

  let hl7Counter = 0;
  const hl7Unique = () => `FZ${SEED}-${(hl7Counter += 1)}`;
  async function hl7Worker() {
    while (Date.now() < deadline && !serverDied) {
      const roll = random();
      const from = roll < 0.4 ? HL7_SOURCES.bound : roll < 0.8 ? HL7_SOURCES.allowed : HL7_SOURCES.outside;
      const fixed = hl7FrameCases(Date.now(), hl7Unique);
      const frames = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        random() < 0.5
          ? { text: pick(fixed).text, fixed: true }
          : { text: sampled('hl7', () => randomHl7Frame(fixed[0]!.text)) as string, fixed: false },
      );
      const texts = frames.map((frame) => frame.text);
      const outcomes = await sendHl7(hl7Port, from, texts);
      outcomes.forEach((outcome, i) => {
        counts.hl7Cases += 1;
        const code = typeof outcome === 'object' ? outcome.code : outcome;
        bump(counts.hl7ByOutcome, `${from} ${code}`);
        // A mangled frame may name another device than the one its text mentions: judged by what is stored (below).
        const namesRegistered = frames[i]!.fixed && (texts[i]!.includes(`|${FUZZ_MONITOR}^`) || texts[i]!.includes(`|${FUZZ_GATEWAY}^`));
        const violation =
          code === 'refused connection' ||
          (from === HL7_SOURCES.outside && code !== 'closed') ||
          (from === HL7_SOURCES.allowed && namesRegistered && code === 'AA');
        if (violation) {
          counts.hl7Violations += 1;
          if (internalSamples.length < 20) internalSamples.push(`HL7 from ${from}: ${JSON.stringify(texts[i]!.slice(0, 200))} -> ${code}`);
        }
      });
    }
  }

  async function httpWorker() {
    while (Date.now() < deadline && !serverDied) {
      const route = pick(routes);
      const roll = random();
      const body =
        roll < 0.7
          ? JSON.stringify(sampled('json', () => anyJson) ?? null)
          : roll < 0.85
            ? (sampled('text', () => fc.string({ maxLength: 200 })) as string)
            : `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const response = await fetch(`${url}${route.path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', ...(route.cookie ? { cookie: route.cookie } : {}) },
        body: route.method === 'GET' ? undefined : body,
      }).catch(() => null);
      counts.httpCases += 1;
      bump(counts.httpByStatus, response ? String(response.status) : 'no response');
      if (response && response.status >= 500 && internalSamples.length < 20)
        internalSamples.push(`HTTP ${route.method} ${route.path} ${body.slice(0, 200)} -> ${response.status}`);
      await response?.text();
    }
  }

  const started = Date.now();
  let lastPrint = started;
  const ticker = setInterval(() => {
    if (Date.now() - lastPrint >= 10_000) {
      lastPrint = Date.now();
      console.log(
        `[fuzz] ${Math.round((lastPrint - started) / 1000)} s: ${counts.socketCases} socket cases, ${counts.httpCases} HTTP cases`,
      );
    }
  }, 1000);
  await Promise.all([...Array.from({ length: WORKERS }, (_, i) => socketWorker(i)), httpWorker(), hl7Worker()]);
  clearInterval(ticker);

  // After the storm: up, ready, every acknowledged command stored once, every stored event valid, file sound.
  const healthz = serverDied ? 0 : (await fetch(`${url}/healthz`)).status;
  if (healthz !== 200) console.log(`[fuzz] /healthz answered ${healthz}`);
  const readyz = serverDied ? 0 : (await fetch(`${url}/readyz`)).status;
  const db = new BetterSqlite3(path.join(prepared.dataDir, 'vigil.sqlite'), { readonly: true });
  const rows = db.prepare('select * from session_events').all() as Record<string, unknown>[];
  // The record names the monitor by its record id, not by the id it sends.
  const monitorRow = db.prepare('select record_id from devices where device_id = ?').get(FUZZ_MONITOR) as
    { record_id: string | null } | undefined;
  const monitorInRecord = monitorRow?.record_id ?? FUZZ_MONITOR;
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  db.close();
  const stored = new Map<string, { sessionId: string; seq: number }[]>();
  let invalidStoredEvents = 0;
  // Every reading stored in the HL7 monitor's name came from where it is bound.
  let hl7ForgedStored = 0;
  for (const row of rows) {
    const actor = JSON.parse(row.actor_json as string) as { deviceId?: string; source?: string };
    if (actor.deviceId === monitorInRecord && actor.source !== HL7_SOURCES.bound) hl7ForgedStored += 1;
    const list = stored.get(row.command_id as string) ?? [];
    list.push({ sessionId: row.session_id as string, seq: Number(row.seq) });
    stored.set(row.command_id as string, list);
    const parsed = sessionEventSchema.safeParse({
      sessionId: row.session_id,
      seq: Number(row.seq),
      type: row.type,
      payload: JSON.parse(row.payload_json as string),
      observedAt: Number(row.observed_at),
      recordedAt: Number(row.recorded_at),
      actor: JSON.parse(row.actor_json as string),
      commandId: row.command_id,
    });
    if (!parsed.success) invalidStoredEvents += 1;
  }
  let ackedMissingOrTwice = 0;
  for (const [commandId, at] of acked) {
    const found = stored.get(commandId) ?? [];
    if (found.length !== 1 || (at.seq !== null && found[0]!.seq !== at.seq) || found[0]!.sessionId !== at.sessionId)
      ackedMissingOrTwice += 1;
  }
  counts.acknowledgedCommands = acked.size;
  const crashed = serverDied;
  if (!crashed) await killHard(server);

  const internalErrors =
    (counts.answersByCode.internal ?? 0) +
    Object.entries(counts.httpByStatus)
      .filter(([s]) => Number(s) >= 500)
      .reduce((n, [, c]) => n + c, 0);
  const passed =
    !crashed &&
    healthz === 200 &&
    readyz === 200 &&
    integrity === 'ok' &&
    internalErrors === 0 &&
    invalidStoredEvents === 0 &&
    ackedMissingOrTwice === 0 &&
    counts.hl7Violations === 0 &&
    hl7ForgedStored === 0;
  const summary = {
    seed: SEED,
    seconds: SECONDS,
    workers: WORKERS,
    durationMs: Date.now() - started,
    totalCases: counts.socketCases + counts.httpCases,
    ...counts,
    internalErrors,
    internalSamples,
    serverAlive: !crashed && healthz === 200,
    readyAfter: readyz === 200,
    storedEvents: rows.length,
    invalidStoredEvents,
    ackedMissingOrTwice,
    hl7ForgedStored,
    integrity,
    passed,
    finishedAt: new Date().toISOString(),
    replay: `node --import tsx scripts/fuzz.ts --seconds ${SECONDS} --seed ${SEED} --workers ${WORKERS}`,
  };
  const out = writeResults(options.out!, summary);
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `[fuzz] ${passed ? 'PASSED' : 'FAILED'}: ${summary.totalCases} cases in ${Math.round(summary.durationMs / 1000)} s; summary in ${out}`,
  );
  process.exit(passed ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error('[fuzz] crashed:', error);
  process.exit(1);
});
