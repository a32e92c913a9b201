import { parseArgs } from 'node:util';
import { buildOruR01 } from '../shared/hl7/build';
import { courseProfile, sampleVitals } from '../shared/simulation/course';
import { DEFAULT_FAULTS, monitorObservations, simulatedDeviceId } from '../shared/simulation/monitor';
import { createRandom, seedFromText } from '../shared/simulation/random';
import type { VitalKey } from '../shared/vitals/plausibility';
import { MllpSender } from '../server/devices/mllpSender';

/**
 * `npm run simulate -- --room 3 [--room 4] [--host localhost] [--port 2575] [--rate 60]`
 *
 * Bedside monitors for one or more rooms: each sends ORU^R01 messages over MLLP, one
 * connection per monitor, waiting for each ACK (resending on AE, as monitors do) and
 * following a ketamine course (shared/simulation/course.ts) with noise, occasional "no value"
 * sentinels and artifacts. `--rate 60` runs the course 60 times faster than real time
 * (a 3-hour course in 3 minutes); message times are the real clock, so the server needs no
 * special clock. Each monitor's device id is printed: approve it into its room on the Devices
 * page when it first sends, or pass --admin-user/--admin-password to have the simulator register
 * it, bound to --from (where the server sees this machine send from).
 */
const HELP = `Usage: node --import tsx scripts/simulate.ts --room 3 [options]
  --room N|room-N        a room to simulate (repeat, or 1,3,4)
  --host HOST            HL7 listener host (localhost)
  --port PORT            HL7 listener port (2575)
  --rate X               course speed, simulated minutes per real minute (1)
  --interval SECONDS     simulated seconds between messages (60)
  --bp-every MINUTES     simulated minutes between cuff readings (5)
  --dose-after MINUTES   simulated minutes of baseline before the dose (10)
  --minutes M            simulated minutes to run, then stop (180)
  --profile 0|1|2        course: mild, typical, marked (default: by room)
  --seed TEXT            random seed (default: the room id)
  --sentinels P          chance of a sentinel per value (${DEFAULT_FAULTS.sentinelChance})
  --artifacts P          chance of an artifact per message (${DEFAULT_FAULTS.artifactChance})
  --utc-offset MINUTES   offset written in times (the machine's); --no-offset writes none
  --admin-user U --admin-password P [--http URL]   register each monitor in its room first
  --from ADDRESSES       where the server sees this machine send from, for that registration (127.0.0.1,::1)`;

interface Options {
  rooms: string[];
  host: string;
  port: number;
  rate: number;
  intervalSeconds: number;
  bpEveryMinutes: number;
  doseAfterMinutes: number;
  totalMinutes: number;
  profile: number | null;
  seed: string | null;
  sentinelChance: number;
  artifactChance: number;
  offsetMinutes: number | null;
  admin: { user: string; password: string; http: string; from: string[] } | null;
}

function numberOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
  return parsed;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      room: { type: 'string', multiple: true },
      host: { type: 'string' },
      port: { type: 'string' },
      rate: { type: 'string' },
      interval: { type: 'string' },
      'bp-every': { type: 'string' },
      'dose-after': { type: 'string' },
      minutes: { type: 'string' },
      profile: { type: 'string' },
      seed: { type: 'string' },
      sentinels: { type: 'string' },
      artifacts: { type: 'string' },
      'utc-offset': { type: 'string' },
      'no-offset': { type: 'boolean' },
      'admin-user': { type: 'string' },
      'admin-password': { type: 'string' },
      http: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const rooms = (values.room ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => (/^\d+$/.test(r) ? `room-${r}` : r));
  if (rooms.length === 0) throw new Error('Name at least one room: --room 3');
  if (values['admin-user'] && !values['admin-password']) throw new Error('--admin-user needs --admin-password');
  return {
    rooms,
    host: values.host ?? 'localhost',
    port: numberOption(values.port, 'port', 2575, 1, 65535),
    rate: numberOption(values.rate, 'rate', 1, 0.01, 1000),
    intervalSeconds: numberOption(values.interval, 'interval', 60, 1, 3600),
    bpEveryMinutes: numberOption(values['bp-every'], 'bp-every', 5, 0, 240),
    doseAfterMinutes: numberOption(values['dose-after'], 'dose-after', 10, 0, 240),
    totalMinutes: numberOption(values.minutes, 'minutes', 180, 1, 24 * 60),
    profile: values.profile === undefined ? null : numberOption(values.profile, 'profile', 0, 0, 2),
    seed: values.seed ?? null,
    sentinelChance: numberOption(values.sentinels, 'sentinels', DEFAULT_FAULTS.sentinelChance, 0, 1),
    artifactChance: numberOption(values.artifacts, 'artifacts', DEFAULT_FAULTS.artifactChance, 0, 1),
    offsetMinutes: values['no-offset']
      ? null
      : numberOption(values['utc-offset'], 'utc-offset', -new Date().getTimezoneOffset(), -840, 840),
    admin: values['admin-user']
      ? {
          user: values['admin-user'],
          password: values['admin-password']!,
          http: values.http ?? 'http://localhost:3000',
          from: (values.from ?? '127.0.0.1,::1')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function registerDevices(options: Options): Promise<void> {
  const admin = options.admin;
  if (!admin) return;
  const login = await fetch(`${admin.http}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.user, password: admin.password }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 200 || !cookie) throw new Error(`Sign-in as ${admin.user} failed (${login.status})`);
  const headers = { cookie, 'content-type': 'application/json' };
  for (const roomId of options.rooms) {
    const deviceId = simulatedDeviceId(roomId);
    const created = await fetch(`${admin.http}/api/devices`, {
      method: 'POST',
      headers,
      // Bound to where it sends from: the server refuses its messages from anywhere else.
      body: JSON.stringify({ deviceId, name: `Simulated monitor (${roomId})`, roomId, kind: 'hl7', addresses: admin.from }),
    });
    if (created.status === 409) {
      const moved = await fetch(`${admin.http}/api/devices/${encodeURIComponent(deviceId)}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ roomId, addresses: admin.from }),
      });
      if (!moved.ok) throw new Error(`Could not move ${deviceId} to ${roomId}: ${await moved.text()}`);
    } else if (!created.ok) {
      throw new Error(`Could not register ${deviceId} in ${roomId}: ${await created.text()}`);
    }
    console.log(`[${roomId}] monitor ${deviceId} registered in ${roomId}`);
  }
}

const ALWAYS: VitalKey[] = ['heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin'];

async function runMonitor(roomId: string, index: number, options: Options): Promise<void> {
  const deviceId = simulatedDeviceId(roomId);
  const profile = courseProfile(options.profile ?? index + seedFromText(roomId));
  const random = createRandom(options.seed ?? roomId);
  const sender = new MllpSender(options.host, options.port);
  const runId = Date.now().toString(36).toUpperCase();
  const realStart = Date.now();
  const realIntervalMs = (options.intervalSeconds * 1000) / options.rate;
  let lastBpMinute = -Infinity;
  let lastTempMinute = -Infinity;
  console.log(`[${roomId}] monitor ${deviceId}, course "${profile.name}", dose after ${options.doseAfterMinutes} simulated min`);
  for (let sequence = 1; ; sequence += 1) {
    const simulatedMinutes = ((Date.now() - realStart) * options.rate) / 60_000;
    if (simulatedMinutes > options.totalMinutes) break;
    const sinceDose = simulatedMinutes - options.doseAfterMinutes;
    const vitals = sampleVitals(profile, sinceDose < 0 ? null : sinceDose, random);
    const keys = [...ALWAYS];
    if (simulatedMinutes - lastBpMinute >= options.bpEveryMinutes) {
      keys.unshift('systolicMmHg', 'diastolicMmHg');
      lastBpMinute = simulatedMinutes;
    }
    if (simulatedMinutes - lastTempMinute >= 30) {
      keys.push('temperatureC');
      lastTempMinute = simulatedMinutes;
    }
    const sent = Object.fromEntries(keys.map((key) => [key, vitals[key]]));
    const { observations, faults } = monitorObservations(sent, random, {
      sentinelChance: options.sentinelChance,
      artifactChance: options.artifactChance,
    });
    const now = Date.now();
    const controlId = `${roomId}-${runId}-${sequence}`;
    const message = buildOruR01({
      sendingApplication: 'VIGIL-SIM',
      sendingFacility: roomId,
      controlId,
      sentAt: now,
      offsetMinutes: options.offsetMinutes,
      equipmentId: deviceId,
      location: roomId,
      patientAlias: 'SIM',
      observedAt: now,
      observations,
    });
    // GE monitors try three times in all on AE (CLINICAL.md); a lost connection is retried too.
    let outcome = 'no answer';
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const { code, reason } = await sender.send(message);
      if (code === null) {
        outcome = 'no answer (connection)';
        await sleep(Math.min(2000, realIntervalMs));
        continue;
      }
      outcome = reason ? `${code} ${reason}` : code;
      if (code !== 'AE') break;
    }
    const minuteText = sinceDose < 0 ? `baseline ${(-sinceDose).toFixed(0)} min before dose` : `${sinceDose.toFixed(0)} min after dose`;
    const shown = keys.map((key) => `${key.replace(/(MmHg|Bpm|Percent|PerMin|C)$/, '')}=${vitals[key]}`).join(' ');
    console.log(`[${roomId}] ${minuteText}: ${shown}${faults.length ? ` (${faults.join(', ')})` : ''} -> ${outcome}`);
    const nextAt = realStart + sequence * realIntervalMs;
    await sleep(Math.max(0, nextAt - Date.now()));
  }
  sender.close();
  console.log(`[${roomId}] course finished`);
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  await registerDevices(options);
  await Promise.all(options.rooms.map((roomId, index) => runMonitor(roomId, index, options)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(HELP);
  process.exit(1);
});
