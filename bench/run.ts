import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAlarmLatency } from './alarmLatency';
import { measureBareRelay } from './bareRelay';
import { measureBoardLatency } from './boardLatency';
import { summarize } from './stats';
import { measureVigilFanout } from './vigilFanout';

/**
 * `npm run bench`: measures and prints the figures with their ratios to the bare relay. With
 * `--write` (`npm run bench -- --write`) it also writes bench/results.json and the README's
 * performance section; without it, it changes no file.
 * Figures are from whatever machine runs it; the README names the machine.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const ROOT = path.resolve(import.meta.dirname, '..');

async function fanout() {
  const rows = [];
  for (const watchers of [1, 10, 100]) {
    const messages = watchers === 100 ? Math.max(20, Math.round(MESSAGES / 4)) : MESSAGES;
    const bare = summarize(await measureBareRelay(watchers, messages));
    const vigil = summarize(await measureVigilFanout(watchers, messages));
    rows.push({ watchers, messages, vigil, bare, medianRatio: Math.round((vigil.medianMs / bare.medianMs) * 100) / 100 });
    console.log(
      `reading -> ${watchers} screens: vigil median ${vigil.medianMs} ms p99 ${vigil.p99Ms} ms | bare relay median ${bare.medianMs} ms p99 ${bare.p99Ms} ms`,
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
    '| a reading reaches | Vigil median | Vigil p99 | bare Socket.IO relay median | relay p99 | median ratio |',
    '|---|---|---|---|---|---|',
    ...results.fanout.map(
      (r) =>
        `| ${r.watchers} watching screen${r.watchers === 1 ? '' : 's'} | ${r.vigil.medianMs} ms | ${r.vigil.p99Ms} ms | ${r.bare.medianMs} ms | ${r.bare.p99Ms} ms | ${r.medianRatio}x |`,
    ),
    '',
    "Vigil's path includes validation, the policy check, a SQLite commit with `synchronous=FULL` and the broadcast; the relay only forwards.",
    '',
    '| a reading reaches the board tile | median | p99 | bare relay to as many screens, median | median ratio |',
    '|---|---|---|---|---|',
    `| ${b.boardCount} boards, ${b.rooms} busy rooms (a reading every ${b.backgroundEveryMs} ms besides) | ${b.vigil.medianMs} ms | ${b.vigil.p99Ms} ms | ${b.bare.medianMs} ms | ${b.medianRatio}x |`,
    '',
    "The board path adds the room summary (the session page's pure rules: alarms, timer, discharge readiness) per commit; boards receive only summaries.",
    '',
    '| an out-of-range reading (SpO2 88) raises its alarm on | alarm median | alarm p99 | the reading itself, median | reading p99 |',
    '|---|---|---|---|---|',
    `| ${results.alarm.watchers} watching screens (${results.alarm.messages} alarms) | ${results.alarm.vigil.medianMs} ms | ${results.alarm.vigil.p99Ms} ms | ${results.alarm.reading.medianMs} ms | ${results.alarm.reading.p99Ms} ms |`,
    '',
    "The alarm path adds, after the reading's commit, the alarm engine's evaluation of the protocol rules, the alarm event's own commit and its broadcast; both are timed from the same send on the same screens, so a gap between the two columns is what the alarm costs beyond the reading.",
  ];
  return lines.join('\n');
}

async function main() {
  const results = {
    measuredAt: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    fanout: await fanout(),
    board: await board(),
    alarm: await alarm(),
  };
  console.log(readmeSection(results));
  if (!process.argv.includes('--write')) {
    console.log('\n(Nothing written: `npm run bench -- --write` writes bench/results.json and the README section.)');
    process.exit(0);
  }
  fs.writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  const readmePath = path.join(ROOT, 'README.md');
  if (fs.existsSync(readmePath)) {
    const readme = fs.readFileSync(readmePath, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    if (from >= 0 && to > from) {
      fs.writeFileSync(readmePath, readme.slice(0, from + start.length) + '\n' + readmeSection(results) + '\n' + readme.slice(to));
    }
  }
  console.log('Wrote bench/results.json and the README performance section');
  process.exit(0);
}

void main();
