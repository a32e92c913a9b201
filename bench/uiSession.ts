import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { recordVitals } from '../server/commands/recordVitals';
import { BEDSIDE_MONITOR, monitorVitals, startWithMonitoredSession } from '../test/support/longSession';
import { CLIENT_DIR, launchChromium, signInAs } from '../test/support/browser';
import { TEST_PASSWORD } from '../test/support/server';
import { summarize } from './stats';

/** What `npm run bench:ui` measures on the session page of a long monitored session. */
export interface UiFigures {
  readings: number;
  viewport: { width: number; height: number };
  /** From navigation start: the readings list and the entry form are on screen. */
  usableMs: number;
  /** From navigation start: the chart's lines are drawn (its code arrives after the page is usable). */
  chartDrawnMs: number;
  /** The lifecycle panels on screen (their code arrives on demand). */
  panelsShownMs: number;
  /** Sum of (task - 50 ms) over long tasks from navigation start until the chart and the lifecycle panels are on screen. */
  totalBlockingMs: number;
  longestLoadTaskMs: number;
  newReading: {
    count: number;
    mainThreadMedianMs: number;
    /** The same measuring steps with no reading (the page's own clock included): what the median cannot go below. */
    measurementFloorMedianMs: number;
    mainThreadMaxMs: number;
    longestTaskMs: number;
    longTasks: number;
    arrivalToPaintMedianMs: number;
  };
  idle: { seconds: number; longTasks: number; longestTaskMs: number };
  js: {
    initialGzipBytes: number;
    initialOnWireBytes: number;
    onWireEncoding: string;
    chartGzipBytes: number;
    /** The session page's other code asked for after the first paint (the lifecycle panels). */
    onDemandGzipBytes: number;
    onDemandFiles: string[];
    files: string[];
  };
}

const IDLE_SECONDS = 10;
const NEW_READINGS = 20;

/** Long tasks (PerformanceObserver 'longtask') kept in the page from navigation start. */
const LONG_TASK_RECORDER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * A page script that resolves two frames after the chart's caption counts `count` readings. A
 * string, not a function: the bench runs under tsx, whose transform names inner functions with a
 * helper the page does not have.
 */
const paintedWith = (count: number) => `
  new Promise((resolve) => {
    const shown = () => document.querySelector('.chart figcaption')?.textContent?.includes('${count} readings charted');
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
    if (shown()) return done();
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.querySelector('.chart'), { subtree: true, childList: true, characterData: true });
  })
`;

type LongTask = { start: number; duration: number };
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
/** The build's gzip copy; a file under 1 KiB has none (scripts/viteAssets.ts), so it is gzipped here to count it alike. */
function gzipSize(url: string): number {
  const file = path.join(CLIENT_DIR, new URL(url).pathname);
  return fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

export async function measureSessionPage(readings: number, viewport = { width: 1024, height: 768 }): Promise<UiFigures> {
  const { vigil, sessionId } = await startWithMonitoredSession(readings, { clientDir: CLIENT_DIR });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    // No service worker: every script comes over the network, so its bytes on the wire are seen.
    const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
    const page = await context.newPage();
    await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);

    // A cold start: a new page with an empty HTTP cache (cache disabled through the DevTools protocol).
    const session = await context.newPage();
    const cdp = await context.newCDPSession(session);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    await session.addInitScript(LONG_TASK_RECORDER);
    const scripts: { url: string; bytes: number; encoding: string; at: number }[] = [];
    session.on('requestfinished', (request) => {
      if (!request.url().endsWith('.js')) return;
      void Promise.all([request.sizes(), request.response()]).then(([sizes, response]) =>
        scripts.push({
          url: request.url(),
          bytes: sizes.responseBodySize,
          encoding: response?.headers()['content-encoding'] ?? 'identity',
          at: request.timing().startTime,
        }),
      );
    });
    await session.goto(`${vigil.url}/sessions/${sessionId}`);
    const usableMs = await session
      .waitForFunction(
        () => {
          const ready = document.querySelector('[data-testid="reading-interval"]') && document.querySelector('input[name="systolicMmHg"]');
          return ready ? performance.now() : null;
        },
        null,
        { polling: 'raf', timeout: 120_000 },
      )
      .then((handle) => handle.jsonValue() as Promise<number>);
    const chartDrawnMs = await session
      .waitForFunction(() => (document.querySelector('path.chart-line') ? performance.now() : null), null, {
        polling: 'raf',
        timeout: 120_000,
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
    // The lifecycle panels (dose, observation, discharge) arrive on demand like the chart's drawing.
    const panelsShownMs = await session
      .waitForFunction(() => (document.querySelector('.lifecycle-panels') ? performance.now() : null), null, {
        polling: 'raf',
        timeout: 120_000,
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
    const loadTasks = (await longTasks(session)).filter((task) => task.start <= Math.max(chartDrawnMs, panelsShownMs));
    // The scripts the page's HTML names (entry and preloads); what loads later was asked for on demand.
    const html = fs.readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
    const initialUrls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => new URL(match[1]!, vigil.url).href);
    // The chart's drawing and recharts (its own chunk since the patient page's progress charts share it).
    const chartUrls = (await session.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))).filter((name) =>
      /\/(ChartDrawing|LineChart)-[^/]*\.js$/.test(name),
    );

    // New readings through the device path, one at a time: the main thread's work from its arrival to its paint.
    const ctx = { actor: BEDSIDE_MONITOR, user: null, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions, audit: null };
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')!.value;
    const costs: number[] = [];
    const floors: number[] = [];
    const arrivals: number[] = [];
    // The measurement's own cost, in the same run: the same steps (one evaluate in the page that
    // resolves two frames later) with no reading.
    for (let i = 0; i < NEW_READINGS; i += 1) {
      const before = await taskSeconds();
      await session.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      floors.push(((await taskSeconds()) - before) * 1_000);
    }
    // BENCH_UI_CPU_PROFILE=file.cpuprofile: the page's CPU profile while the new readings arrive.
    const profileFile = process.env.BENCH_UI_CPU_PROFILE;
    if (profileFile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const beforeReadings = await session.evaluate(() => performance.now());
    for (let i = 0; i < NEW_READINGS; i += 1) {
      const expected = readings + i + 1;
      const before = await taskSeconds();
      const sentAt = Date.now();
      // Watches the chart's caption from inside the page (a mutation observer, not polling every
      // frame, which would cost the main thread more than the reading) and resolves after the paint.
      const painted = session.evaluate(paintedWith(expected));
      const stored = await recordVitals(ctx, {
        commandId: `bench-new-${i}`,
        sessionId,
        observedAt: vigil.clock.now(),
        vitals: monitorVitals(readings + i),
      });
      if (!stored.ok) throw new Error(stored.error.message);
      await painted;
      arrivals.push(Date.now() - sentAt);
      costs.push(((await taskSeconds()) - before) * 1_000);
      await session.waitForTimeout(300);
    }
    const afterReadings = await session.evaluate(() => performance.now());
    if (profileFile) fs.writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const readingTasks = (await longTasks(session)).filter((task) => task.start >= beforeReadings && task.start <= afterReadings);

    // The page left alone (its clock ticks every second).
    await session.waitForTimeout(1_000);
    const idleFrom = await session.evaluate(() => performance.now());
    await session.waitForTimeout(IDLE_SECONDS * 1_000);
    const idleTasks = (await longTasks(session)).filter((task) => task.start >= idleFrom);

    const initial = scripts.filter((script) => initialUrls.includes(script.url));
    const onDemand = scripts.filter((script) => !initialUrls.includes(script.url) && !chartUrls.includes(script.url));
    return {
      readings,
      viewport,
      usableMs: Math.round(usableMs),
      chartDrawnMs: Math.round(chartDrawnMs),
      panelsShownMs: Math.round(panelsShownMs),
      totalBlockingMs: Math.round(loadTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0)),
      longestLoadTaskMs: Math.round(Math.max(0, ...loadTasks.map((task) => task.duration))),
      newReading: {
        count: NEW_READINGS,
        mainThreadMedianMs: round1(summarize(costs).medianMs),
        measurementFloorMedianMs: round1(summarize(floors).medianMs),
        mainThreadMaxMs: round1(Math.max(...costs)),
        longestTaskMs: Math.round(Math.max(0, ...readingTasks.map((task) => task.duration))),
        longTasks: readingTasks.length,
        arrivalToPaintMedianMs: round1(summarize(arrivals).medianMs),
      },
      idle: {
        seconds: IDLE_SECONDS,
        longTasks: idleTasks.length,
        longestTaskMs: Math.round(Math.max(0, ...idleTasks.map((task) => task.duration))),
      },
      js: {
        initialGzipBytes: initialUrls.reduce((sum, url) => sum + gzipSize(url), 0),
        initialOnWireBytes: initial.reduce((sum, script) => sum + script.bytes, 0),
        onWireEncoding: [...new Set(initial.map((script) => script.encoding))].join(', '),
        chartGzipBytes: chartUrls.reduce((sum, url) => sum + gzipSize(url), 0),
        onDemandGzipBytes: onDemand.reduce((sum, script) => sum + gzipSize(script.url), 0),
        onDemandFiles: onDemand.map((script) => new URL(script.url).pathname),
        files: initialUrls.map((url) => new URL(url).pathname),
      },
    };
  } finally {
    await browser?.close();
    await vigil.close();
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;
