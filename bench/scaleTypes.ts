import type { Role } from '../shared/roles';

/** What the scale bench's driver (`scale.ts`), its server processes (`scaleServer.ts`) and its screens' process (`scaleScreens.ts`) share. */
export const BENCH_PASSWORD = 'bench horse battery staple';
export const BENCH_ROLES: Role[] = ['admin', 'nurse', 'prescriber', 'therapist'];

export interface ServerMetrics {
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Server CPU (user + system) over the measurement, percent of one core. */
  cpuPercent: number;
  rssMb: number;
  heapUsedMb: number;
}

export type ServerMessage =
  { type: 'ready'; url: string; hl7Port: number } | { type: 'metrics'; metrics: ServerMetrics } | { type: 'clock'; behindMs: number };
/** `clock`: run the server's clock this far behind real time (`test/support/settableClock.ts`); answered with `clock`. */
export type DriverMessage = { type: 'reset' } | { type: 'metrics' } | { type: 'stop' } | { type: 'clock'; behindMs: number };

/** Wall-clock milliseconds with sub-millisecond precision, comparable between the bench's processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** When each monitor sends each reading: the driver's plan, which the screens' process times board arrivals against. */
export interface ReadingSchedule {
  /** Epoch ms (`epochNow`) of the run's start. */
  startedAt: number;
  intervalMs: number;
  rooms: number;
  perMonitor: number;
  /** The observedAt that reading `perMonitor` would have: readings are a second apart, ending here. */
  runStart: number;
}

export const readingSchedule = {
  /** When the monitor of room `index` is due to send reading `seq` (epoch ms): monitors are staggered over the first interval. */
  dueAt: (schedule: ReadingSchedule, index: number, seq: number) =>
    schedule.startedAt + (index / schedule.rooms) * schedule.intervalMs + seq * schedule.intervalMs,
  observedAt: (schedule: ReadingSchedule, seq: number) => schedule.runStart - (schedule.perMonitor - seq) * 1000,
  /** The reading number of an observedAt (negative for a reading from before the run). */
  seqOf: (schedule: ReadingSchedule, observedAt: number) => schedule.perMonitor - Math.ceil((schedule.runStart - observedAt) / 1000),
};

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The driver to its screens' process (`scaleScreens.ts`). */
export type ScreensCommand =
  | { type: 'watch'; servers: string[]; rooms: { roomId: string; sessionId: string }[]; boards: number; tablets: number }
  | { type: 'measure'; schedule: ReadingSchedule }
  | { type: 'finish'; sentPerRoom: number[] }
  | { type: 'stop' };

export type ScreensReport =
  | { type: 'watching' }
  | {
      type: 'report';
      board: LatencySummary;
      /** A board's wait behind the other boards of the screens process (from the first board's arrival of the same message). */
      behindOtherBoards: LatencySummary;
      boardsBehind: number;
      /** Room changes a board could not apply (they did not build on what it held): it would re-watch. None expected. */
      staleUpdates: number;
      /** Messages the first board received while the monitors sent, and the mean size of one room's summary in them. */
      firstBoardMessages: number;
      summaryBytes: number;
      eventLoopDelayP99Ms: number;
    };
