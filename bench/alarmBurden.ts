import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from '../shared/simulation/corpus';
import { burdenReport, type BurdenReport } from '../shared/simulation/burden';
import { replayCorpusSession } from '../shared/simulation/replay';
import type { Protocol } from '../shared/protocols/schema';

/**
 * `npm run alarm-burden`: replays a seeded corpus of simulated sessions with ground truth
 * through the server's alarm rules and prints the alarm burden of normal sessions, the share
 * of real events alarmed and the delay from each event's onset to its alarm. With --write,
 * also writes bench/alarm-burden.json and the README's alarm-burden section.
 *
 * Two parts: the tuning corpus (seed "tune", which test/shared/simulation/corpus.test.ts also
 * replays) and the held-out corpus (seed "held", in no unit test), so the rules are not
 * tuned to the sessions they are judged on.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS_PARTS = [
  { name: 'tuning', seed: 'tune', sessions: 24 },
  { name: 'held-out', seed: 'held', sessions: 48 },
] as const;

/**
 * The same protocol with the alarm-fatigue controls switched off (every sample sounds at once,
 * no artifact suspicion, no hysteresis, no episodes, plain NEWS2, no pre-dose window): what
 * the rules did before, for comparison.
 */
function controlsOff(protocol: Protocol): Protocol {
  const off = { samples: 1, seconds: 0, maxWaitSeconds: 10 };
  const noJump = { jump: 200, returnWithinSeconds: 1 };
  const perVital = <T>(value: T) => ({
    systolicMmHg: value,
    diastolicMmHg: value,
    heartRateBpm: value,
    spo2Percent: value,
    respiratoryRatePerMin: value,
    temperatureC: value,
  });
  return {
    ...protocol,
    alarmControls: {
      persistence: perVital(off),
      artifactJump: perVital(noJump),
      hysteresis: { ...perVital(0), moaas: 0 },
      episodeWindowMinutes: 0,
      preDoseCheckWindowMinutes: 0,
      expectedSedationMinutes: 0,
    },
  };
}

function measure(seed: string, count: number, off = false): BurdenReport {
  const corpus = buildCorpus(seed, count).map((session) => (off ? { ...session, protocol: controlsOff(session.protocol) } : session));
  return burdenReport(corpus.map(replayCorpusSession));
}

const fmt = (value: number | null) => (value === null ? '—' : String(value));

function lines(name: string, report: BurdenReport): string[] {
  const n = report.nonActionablePerNormalSession;
  return [
    `${name}: ${report.sessions} sessions (${report.normalSessions} without a real event, ${report.realEvents} real events)`,
    `  non-actionable alarms per normal session: ${n.all} (high ${n.high}, medium ${n.medium}, low ${n.low})`,
    `  real events alarmed: ${report.realEventsAlarmed}/${report.realEvents} (sensitivity ${Math.round(report.sensitivity * 100)}%)`,
    `  onset -> alarm: median ${fmt(report.delayMinutes.median)} min, worst ${fmt(report.delayMinutes.worst)} min`,
    ...Object.entries(report.byEventKind).map(
      ([kind, k]) =>
        `    ${kind}: ${k.alarmed}/${k.events} alarmed, median ${fmt(k.medianDelayMinutes)} min, worst ${fmt(k.worstDelayMinutes)} min`,
    ),
    `  silent "checking" episodes that never sounded, per session: ${report.silentCheckingPerSession}`,
    ...report.missed.map((m) => `  MISSED ${m.kind} in ${m.sessionId}`),
    ...report.nonActionable.map((a) => `  non-actionable ${a.priority} ${a.alarmId} at ${a.minute} min in ${a.sessionId}: ${a.message}`),
  ];
}

function readmeSection(parts: { name: string; report: BurdenReport }[], comparison: { name: string; report: BurdenReport }): string {
  const rows = [...parts, comparison].map(({ name, report }) => {
    const n = report.nonActionablePerNormalSession;
    return `| ${name} | ${report.sessions} (${report.normalSessions} normal) | ${n.all} (high ${n.high}, medium ${n.medium}, low ${n.low}) | ${report.realEventsAlarmed}/${report.realEvents} (${Math.round(report.sensitivity * 100)}%) | ${fmt(report.delayMinutes.median)} / ${fmt(report.delayMinutes.worst)} |`;
  });
  const kinds = parts.at(-1)!.report.byEventKind;
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run alarm-burden\` (raw figures in \`bench/alarm-burden.json\`). The last row replays the held-out corpus with the protocol's alarm controls switched off, for comparison.`,
    '',
    '| corpus | sessions | non-actionable alarms per normal session | real events alarmed | onset → alarm, median / worst (min) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Held-out corpus by event: ' +
      Object.entries(kinds)
        .map(
          ([kind, k]) =>
            `${kind.replace('_', ' ')} ${k.alarmed}/${k.events}, median ${fmt(k.medianDelayMinutes)} min, worst ${fmt(k.worstDelayMinutes)} min`,
        )
        .join('; ') +
      '.',
  ].join('\n');
}

function main() {
  const write = process.argv.includes('--write');
  const parts = CORPUS_PARTS.map((part) => ({ name: part.name, seed: part.seed, report: measure(part.seed, part.sessions) }));
  const held = CORPUS_PARTS[1];
  const comparison = { name: `${held.name}, controls off`, seed: held.seed, report: measure(held.seed, held.sessions, true) };
  for (const { name, report } of [...parts, comparison]) {
    const shown = lines(name, report);
    // The comparison's alarms one by one would run to hundreds of lines: its totals are enough.
    const oneByOne = (line: string) => line.startsWith('  non-actionable ') && !line.startsWith('  non-actionable alarms per');
    console.log((report === comparison.report ? shown.filter((line) => !oneByOne(line)) : shown).join('\n'));
  }
  if (write) {
    const file = path.join(ROOT, 'bench/alarm-burden.json');
    fs.writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), parts, comparison }, null, 2) + '\n');
    console.log(`Wrote ${path.relative(ROOT, file)}`);
    const readmePath = path.join(ROOT, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const start = '<!-- alarm-burden:start -->';
    const end = '<!-- alarm-burden:end -->';
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} section`);
    fs.writeFileSync(readmePath, readme.slice(0, from + start.length) + '\n' + readmeSection(parts, comparison) + '\n' + readme.slice(to));
    console.log('Updated the alarm-burden section of README.md');
  }
  const failed = parts.some(({ report }) => report.nonActionablePerNormalSession.all > 0.5 || report.sensitivity < 1);
  if (failed) {
    console.log('Goal NOT met: at most 0.5 non-actionable alarms per normal session with every real event alarmed.');
    process.exitCode = 1;
  }
}

main();
