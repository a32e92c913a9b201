import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureSessionPage, type UiFigures } from './uiSession';

/**
 * `npm run bench:ui`: opens the session page of a 4-hour session (14,400 readings from a bedside
 * monitor, one a second) in Chromium against a real server and prints what a tablet user would
 * feel. With `--write` it also writes bench/ui-results.json and the README's section between the
 * ui-bench markers; without it, it changes no file. Needs the client built (`npm run build`).
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const READINGS = Number(process.env.BENCH_UI_READINGS || 14_400);
const START = '<!-- ui-bench:start -->';
const END = '<!-- ui-bench:end -->';

/** Said with the figures while goals are unmet; measured by profiling, not guessed. */
const NOTE =
  'Where the time goes (profiled in Chromium, `BENCH_UI_CPU_PROFILE`): the session page watches with a display snapshot (`shared/session/displaySnapshot.ts`): older monitor samples arrive thinned to each minute\u2019s extremes, a quarter of a 4-hour session\u2019s readings (3,714 of 14,400: 1.0 MB of JSON instead of 4.0), and the readings list loads an older interval\u2019s readings when it is opened. On a new reading the chart appends it to its per-pixel reductions and rewrites each line\u2019s path only from its first changed point (the grid, axes and legend stay the same elements), the entry form and the panels that show no reading are not redrawn, the readings list remakes its newest interval, and most of the remaining main-thread time is the browser\u2019s style, layout and paint of the changed parts; of the script left, the alarm strip\u2019s artifact check, the discharge panel and the latest values take the most (about 0.5 ms each per reading).';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

function readmeSection(f: UiFigures, machine: string, measuredAt: string): string {
  const r = f.newReading;
  return [
    `### The session page of a long session (\`npm run bench:ui\`)`,
    '',
    `Measured ${measuredAt} on ${machine}, Chromium headless at ${f.viewport.width}×${f.viewport.height}, no CPU throttling, a cold start (empty cache) against a real server whose session holds ${f.readings.toLocaleString('en')} device readings (raw figures in \`bench/ui-results.json\`).`,
    '',
    '| figure | measured | goal | |',
    '|---|---|---|---|',
    `| usable (readings list and entry form on screen) | ${f.usableMs} ms | < 1,500 ms | ${verdict(f.usableMs < 1_500)} |`,
    `| chart drawn | ${f.chartDrawnMs} ms | | |`,
    `| lifecycle panels (dose, observation, discharge) on screen | ${f.panelsShownMs} ms | | |`,
    `| total blocking time, navigation to chart and panels shown | ${f.totalBlockingMs} ms (longest task ${f.longestLoadTaskMs} ms) | < 200 ms | ${verdict(f.totalBlockingMs < 200)} |`,
    `| a new reading: main-thread work from arrival to paint, median of ${r.count} | ${r.mainThreadMedianMs} ms (max ${r.mainThreadMaxMs} ms; the same measuring steps with no reading: ${r.measurementFloorMedianMs} ms) | < 16 ms | ${verdict(r.mainThreadMedianMs < 16)} |`,
    `| a new reading: longest task | ${r.longestTaskMs} ms (${r.longTasks} tasks over 50 ms) | none > 50 ms | ${verdict(r.longTasks === 0)} |`,
    `| idle page, ${f.idle.seconds} s | ${f.idle.longTasks} long tasks (longest ${f.idle.longestTaskMs} ms) | none | ${verdict(f.idle.longTasks === 0)} |`,
    `| initial JavaScript (${f.js.files.length} files the page loads first), gzip | ${kb(f.js.initialGzipBytes)}; on the wire ${kb(f.js.initialOnWireBytes)} (${f.js.onWireEncoding}) | < 150 KB | ${verdict(f.js.initialGzipBytes < 150 * 1024)} |`,
    `| the chart's code (its drawing and recharts), loaded just after (gzip) | ${kb(f.js.chartGzipBytes)} | | |`,
    `| the session page's other code loaded just after (${f.js.onDemandFiles.length} files: the lifecycle panels and what they import), gzip | ${kb(f.js.onDemandGzipBytes)} | | |`,
    '',
    `A new reading's cost is the DevTools protocol's main-thread task time from just before the reading is stored until two frames after the chart shows it (a mutation observer in the page watches for it), so it is an upper bound: it includes the page's own once-a-second clock when it ticks in that span; the same steps with no reading (the floor) cost what the measuring itself costs. Arrival to paint took ${r.arrivalToPaintMedianMs} ms (median, including the server's commit).`,
    '',
    NOTE,
  ].join('\n');
}

const figures = await measureSessionPage(READINGS);
console.log(JSON.stringify(figures, null, 2));
if (!process.argv.includes('--write')) {
  console.log('\n(Nothing written: `npm run bench:ui -- --write` writes bench/ui-results.json and the README section.)');
} else {
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const measuredAt = new Date().toISOString();
  fs.writeFileSync(path.join(ROOT, 'bench/ui-results.json'), JSON.stringify({ measuredAt, machine, ...figures }, null, 2) + '\n');
  const readmePath = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} markers`);
  fs.writeFileSync(
    readmePath,
    readme.slice(0, from + START.length) + '\n' + readmeSection(figures, machine, measuredAt) + '\n' + readme.slice(to),
  );
  console.log('Wrote bench/ui-results.json and the README section');
}
