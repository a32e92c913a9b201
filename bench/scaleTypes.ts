import type { Role } from '../shared/roles';

/** What the scale bench's driver (`scale.ts`) and its server processes (`scaleServer.ts`) share. */
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

export type ServerMessage = { type: 'ready'; url: string; hl7Port: number } | { type: 'metrics'; metrics: ServerMetrics };
export type DriverMessage = { type: 'reset' } | { type: 'metrics' } | { type: 'stop' };
