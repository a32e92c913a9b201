import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { buildOruR01 } from '../shared/hl7/build';
import {
  BENCH_PASSWORD,
  type DriverMessage,
  type LatencySummary,
  type ReadingSchedule,
  type ScreensCommand,
  type ScreensReport,
  type ServerMessage,
  type ServerMetrics,
} from './scaleTypes';

/** The scale bench's clients: its server processes, the clinic's HTTP calls, the bedside monitors. */

export interface BenchServer {
  url: string;
  /** The server's process id (its CPU can be read from /proc). */
  pid: number;
  hl7Port: number;
  metrics(): Promise<ServerMetrics>;
  resetMetrics(): void;
  /** Runs the server's clock this far behind real time (0: right again); resolves once it does. */
  setClockBehind(behindMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Forks one of the bench's own processes (tsx; a CPU profile of it with BENCH_CPU_PROF_DIR). */
function forkBench(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(import.meta.dirname, file), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Waits for the first message of `type` from a child (rejects if it exits first). */
function nextMessage<M extends { type: string }, T extends M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`bench process exited with ${code} before it sent "${type}"`));
    const listener = (message: M) => {
      if (message.type !== type) return;
      child.off('message', listener);
      child.off('exit', exited);
      resolve(message as Extract<M, { type: T }>);
    };
    child.on('message', listener);
    child.once('exit', exited);
  });
}

/** Forks `scaleServer.ts` with the given environment and waits until it listens. */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const child = forkBench('scaleServer.ts', env);
  const { url, hl7Port } = await nextMessage<ServerMessage, 'ready'>(child, 'ready');
  const tell = (message: DriverMessage) => child.send(message);
  return {
    url,
    pid: child.pid!,
    hl7Port,
    resetMetrics: () => tell({ type: 'reset' }),
    async setClockBehind(behindMs) {
      const answer = nextMessage<ServerMessage, 'clock'>(child, 'clock');
      tell({ type: 'clock', behindMs });
      await answer;
    },
    async metrics() {
      const answer = nextMessage<ServerMessage, 'metrics'>(child, 'metrics');
      tell({ type: 'metrics' });
      return (await answer).metrics;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        tell({ type: 'stop' });
      }),
  };
}

/** The boards and tablets, in a process of their own (`scaleScreens.ts`). */
export interface BenchScreens {
  /** Signs in, connects and watches; resolves once every screen watches. */
  watch(command: Omit<Extract<ScreensCommand, { type: 'watch' }>, 'type'>): Promise<void>;
  /** The monitors start sending on this schedule. */
  measure(schedule: ReadingSchedule): void;
  /** The monitors are done: how many readings each room's sent. Resolves with the screens' figures once the boards caught up (or 15 s passed). */
  finish(sentPerRoom: number[]): Promise<Extract<ScreensReport, { type: 'report' }>>;
  stop(): Promise<void>;
}

export function startBenchScreens(): BenchScreens {
  const child = forkBench('scaleScreens.ts');
  const tell = (command: ScreensCommand) => child.send(command);
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    async watch(command) {
      const watching = nextMessage<ScreensReport, 'watching'>(child, 'watching');
      tell({ type: 'watch', ...command });
      await watching;
    },
    measure: (schedule) => tell({ type: 'measure', schedule }),
    async finish(sentPerRoom) {
      const report = nextMessage<ScreensReport, 'report'>(child, 'report');
      tell({ type: 'finish', sentPerRoom });
      return report;
    },
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        tell({ type: 'stop' });
      }),
  };
}

/** Signs in over HTTP as one of the bench's staff; the session cookie. */
export async function benchSignIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  return cookie.split(';')[0]!;
}

/** One JSON call to the HTTP API; throws with the server's answer when it is not 2xx. */
export async function api(url: string, cookie: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** Latencies in a histogram (microseconds), read back in milliseconds. */
export function latencies() {
  const histogram: RecordableHistogram = createHistogram();
  return {
    record(ms: number) {
      histogram.record(Math.max(1, Math.round(ms * 1000)));
    },
    summary(): LatencySummary {
      const at = (p: number) => (histogram.count === 0 ? Number.NaN : Math.round(histogram.percentile(p) / 10) / 100);
      return { count: histogram.count, p50Ms: at(50), p99Ms: at(99), maxMs: at(100) };
    },
  };
}

/** An IHE PCD-01 ORU^R01 with one vital set. */
export function monitorMessage(
  deviceId: string,
  controlId: string,
  observedAt: number,
  vitals: Record<'systolic' | 'diastolic' | 'heartRate' | 'spo2', number>,
): string {
  const rows = [
    { code: 150021, refId: 'MDC_PRESS_BLD_NONINV_SYS', unitCode: '266016', unitText: 'MDC_DIM_MMHG', value: vitals.systolic },
    { code: 150022, refId: 'MDC_PRESS_BLD_NONINV_DIA', unitCode: '266016', unitText: 'MDC_DIM_MMHG', value: vitals.diastolic },
    { code: 147842, refId: 'MDC_ECG_HEART_RATE', unitCode: '264864', unitText: 'MDC_DIM_BEAT_PER_MIN', value: vitals.heartRate },
    { code: 150456, refId: 'MDC_PULS_OXIM_SAT_O2', unitCode: '262688', unitText: 'MDC_DIM_PERCENT', value: vitals.spo2 },
  ];
  return buildOruR01({
    sendingApplication: 'BENCH',
    sendingFacility: 'CLINIC',
    controlId,
    sentAt: observedAt,
    offsetMinutes: 0,
    equipmentId: deviceId,
    location: 'bench',
    patientAlias: 'B.M.',
    observedAt,
    observations: rows.map((row) => ({ ...row, value: String(row.value) })),
  });
}
