import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAlarmLatency } from './alarmLatency';
import { measureBareRelay } from './bareRelay';
import { measureBoardLatency } from './boardLatency';
import { runLongSession, runScale } from './scale';
import { SCALE_PARTS, scaleSection, type ScalePart, type ScaleResults } from './scaleReport';
import { summarize } from './stats';
import { measureVigilFanout } from './vigilFanout';
import { withReadmeSection } from '../scripts/readmeSection';

/**
 * `npm run bench`: measures and prints the figures with their ratios to the bare relay, then
 * the scale run (one process and two), and the long session. With `--write`
 * (`npm run bench -- --write`) it also writes bench/results.json, bench/scale-results.json and
 * the README's performance sections for what it ran; without it, it changes no file.
 * Figures are from whatever machine runs it; the README names the machine.
 *
 *   --only latency,scale,cluster,long   run only these parts (default: all)
 *   --rooms 500 --rate 1 --boards 200 --tablets 20 --seconds 60   the scale run (defaults: the clinic-scale goal in the README)
 *   --long 1000,14400 --long-samples 1000 --long-sessions 5 --long-screens 10   the long session (samples per size)
 *
 * BENCH_CPU_PROF_DIR=/tmp/prof: the scale run's server processes write a V8 CPU profile there
 * (`--cpu-prof`), to see where a reading's time goes.
 */
const { values: flags } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    only: { type: 'string', default: 'latency,scale,cluster,long' },
    rooms: { type: 'string', default: '500' },
    rate: { type: 'string', default: '1' },
    boards: { type: 'string', default: '200' },
    tablets: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    long: { type: 'string', default: '1000,14400' },
    'long-samples': { type: 'string', default: '1000' },
    'long-sessions': { type: 'string', default: '5' },
    'long-screens': { type: 'string', default: '10' },
  },
});

function positive(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number (got "${value}")`);
  return parsed;
}

const PARTS = new Set((flags.only ?? '').split(',').map((part) => part.trim()));
for (const part of PARTS) {
  if (!['latency', 'scale', 'cluster', 'long'].includes(part))
    throw new Error(`--only: unknown part "${part}" (latency, scale, cluster, long)`);
}
const SCALE = {
  rooms: Math.round(positive('rooms', flags.rooms)),
  rate: positive('rate', flags.rate),
  boards: Math.round(positive('boards', flags.boards)),
  tablets: Math.round(positive('tablets', flags.tablets)),
  seconds: positive('seconds', flags.seconds),
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
const LONG = {
  sizes: (flags.long ?? '').split(',').map((size) => Math.round(positive('long', size))),
  samples: Math.round(positive('long-samples', flags['long-samples'])),
  screens: Math.round(positive('long-screens', flags['long-screens'])),
  sessionsPerSize: Math.round(positive('long-sessions', flags['long-sessions'])),
};
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const ROOT = path.resolve(import.meta.dirname, '..');

async function fanout() {
  const rows = [];
  for (const watchers of [1, 10, 100]) {
    const messages = watchers === 100 ? Math.max(20, Math.round(MESSAGES / 4)) : MESSAGES;
    const bare = summarize(await measureBareRelay(watchers, messages));
    const durable = summarize(await measureBareRelay(watchers, messages, { durable: true }));
    const vigil = summarize(await measureVigilFanout(watchers, messages));
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    rows.push({
      watchers,
      messages,
      vigil,
      bare,
      durable,
      medianRatio: ratio(vigil.medianMs, bare.medianMs),
      durableMedianRatio: ratio(vigil.medianMs, durable.medianMs),
      durableP99Ratio: ratio(vigil.p99Ms, durable.p99Ms),
    });
    console.log(
      `reading -> ${watchers} screens: vigil median ${vigil.medianMs} ms p99 ${vigil.p99Ms} ms | durable relay median ${durable.medianMs} ms p99 ${durable.p99Ms} ms | bare relay median ${bare.medianMs} ms p99 ${bare.p99Ms} ms`,
    );
  }
  return rows;
}

/** The prescriber's board: a reading to the tile's summary on every board, 12 busy rooms, 20 boards. */
async function board() {
  const options = { rooms: 12, boardCount: 20, messages: Math.max(20, Math.round(MESSAGES / 2)), backgroundEveryMs: 100 };
  const vigil = summarize(await measureBoardLatency(options));
  const bare = summarize(await measureBareRelay(options.boardCount, options.messages));
  console.log(
    `reading -> board tile on ${options.boardCount} boards (${options.rooms} busy rooms): median ${vigil.medianMs} ms p99 ${vigil.p99Ms} ms | bare relay median ${bare.medianMs} ms`,
  );
  return { ...options, vigil, bare, medianRatio: Math.round((vigil.medianMs / bare.medianMs) * 100) / 100 };
}

/** A reading that crosses a limit (SpO2 88, high) to the alarm.raised event on 100 watching screens. */
async function alarm() {
  const options = { watchers: 100, messages: Math.max(20, Math.round(MESSAGES / 4)) };
  const samples = await measureAlarmLatency(options.watchers, options.messages);
  const vigil = summarize(samples.alarm);
  const reading = summarize(samples.reading);
  console.log(
    `out-of-range reading -> alarm on ${options.watchers} screens: median ${vigil.medianMs} ms p99 ${vigil.p99Ms} ms | the reading itself median ${reading.medianMs} ms`,
  );
  return { ...options, vigil, reading };
}

function readmeSection(results: {
  fanout: Awaited<ReturnType<typeof fanout>>;
  board: Awaited<ReturnType<typeof board>>;
  alarm: Awaited<ReturnType<typeof alarm>>;
  machine: string;
  measuredAt: string;
}): string {
  const b = results.board;
  const lines = [
    `Measured ${results.measuredAt} on ${results.machine} by \`npm run bench\` (raw figures in \`bench/results.json\`).`,
    '',
    '| a reading reaches | Vigil median / p99 | durable relay median / p99 | Vigil ÷ durable relay, median / p99 (goal ≤ 1.2) | bare relay median / p99 |',
    '|---|---|---|---|---|',
    ...results.fanout.map(
      (r) =>
        `| ${r.watchers} watching screen${r.watchers === 1 ? '' : 's'} | ${r.vigil.medianMs} / ${r.vigil.p99Ms} ms | ${r.durable.medianMs} / ${r.durable.p99Ms} ms | ${r.durableMedianRatio}x / ${r.durableP99Ratio}x | ${r.bare.medianMs} / ${r.bare.p99Ms} ms |`,
    ),
    '',
    "Vigil's path includes validation, the policy check, the reading and its audit row in one SQLite transaction (WAL, synced to disk before the acknowledgement: `synchronous=NORMAL` and the WAL's fsync off the event loop), the alarm and readiness rules, and the broadcast. The durable relay is a bare Socket.IO server that commits each message to a SQLite file (WAL, `synchronous=FULL`) before relaying it: the floor for a fan-out that never loses what it acknowledged. The bare relay only forwards.",
    '',
    '| a reading reaches the board tile | median | p99 | bare relay to as many screens, median | median ratio |',
    '|---|---|---|---|---|',
    `| ${b.boardCount} boards, ${b.rooms} busy rooms (a reading every ${b.backgroundEveryMs} ms besides) | ${b.vigil.medianMs} ms | ${b.vigil.p99Ms} ms | ${b.bare.medianMs} ms | ${b.medianRatio}x |`,
    '',
    "The board path adds the room summary (the session page's pure rules: alarms, timer, discharge readiness) per commit; boards receive only compact summaries, a room's at most once per `VIGIL_BOARD_UPDATE_MS` (250 ms): here rooms get readings faster than that, so a reading may wait for its room's next slot (an alarm change never waits).",
    '',
    '| an out-of-range reading (SpO2 88) raises its alarm on | alarm median | alarm p99 | the reading itself, median | reading p99 |',
    '|---|---|---|---|---|',
    `| ${results.alarm.watchers} watching screens (${results.alarm.messages} alarms) | ${results.alarm.vigil.medianMs} ms | ${results.alarm.vigil.p99Ms} ms | ${results.alarm.reading.medianMs} ms | ${results.alarm.reading.p99Ms} ms |`,
    '',
    "The alarm path adds, after the reading's commit, the alarm engine's evaluation of the protocol rules, the alarm event's own commit and its broadcast; both are timed from the same send on the same screens, so a gap between the two columns is what the alarm costs beyond the reading.",
  ];
  return lines.join('\n');
}

function writeReadme(name: string, body: string) {
  const readmePath = path.join(ROOT, 'README.md');
  if (!fs.existsSync(readmePath)) return;
  fs.writeFileSync(readmePath, withReadmeSection(fs.readFileSync(readmePath, 'utf8'), name, body));
}

async function main() {
  const measuredAt = new Date().toISOString();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  if (PARTS.has('latency')) {
    const results = { measuredAt, machine, fanout: await fanout(), board: await board(), alarm: await alarm() };
    console.log(readmeSection(results));
    if (flags.write) {
      fs.writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
      writeReadme('bench', readmeSection(results));
      console.log('Wrote bench/results.json and the README performance section');
    }
  }
  if (PARTS.has('scale') || PARTS.has('cluster') || PARTS.has('long')) {
    const resultsPath = path.join(ROOT, 'bench/scale-results.json');
    // Parts not run this time keep their last figures.
    const previous: Partial<ScaleResults> =
      flags.write && fs.existsSync(resultsPath) ? (JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as Partial<ScaleResults>) : {};
    // Figures kept from an earlier write keep the time they were measured at.
    const partsMeasuredAt: Partial<Record<ScalePart, string>> = {};
    for (const part of SCALE_PARTS) {
      if (previous[part]) partsMeasuredAt[part] = previous.partsMeasuredAt?.[part] ?? previous.measuredAt;
    }
    const results: ScaleResults = { ...previous, measuredAt, partsMeasuredAt, machine };
    if (PARTS.has('scale')) {
      results.oneProcess = await runScale({ ...SCALE, processes: 1 });
      partsMeasuredAt.oneProcess = measuredAt;
    }
    if (PARTS.has('cluster')) {
      results.twoProcesses = await runScale({ ...SCALE, processes: 2 });
      partsMeasuredAt.twoProcesses = measuredAt;
    }
    if (PARTS.has('long')) {
      results.longSession = await runLongSession(LONG);
      partsMeasuredAt.longSession = measuredAt;
    }
    const section = scaleSection(results);
    console.log(section);
    if (flags.write) {
      fs.writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
      writeReadme('scale-bench', section);
      console.log('Wrote bench/scale-results.json and the README scale section');
    }
  }
  if (!flags.write)
    console.log('\n(Nothing written: `npm run bench -- --write` writes the results and the README sections of the parts run.)');
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
