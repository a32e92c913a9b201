import type { Reading, SessionState } from '../session/state';

/** Bucket width of the printed vitals table and chart: a 4-hour, 1-per-second session prints 48 rows. */
export const SUMMARY_BUCKET_MINUTES = 5;
/** Up to this many readings, the printed table lists every reading instead of 5-minute summaries. */
export const MAX_LISTED_READINGS = 80;

/** One printed row: a reading, or the extremes of the readings in a 5-minute bucket. */
export interface VitalsRow {
  /** The reading's measured-at time, or the bucket's start. */
  at: number;
  /** How many (non-artifact) readings the row covers. */
  readingCount: number;
  /** Highest systolic, and the diastolic measured with it. */
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
  /** Highest heart rate. */
  heartRateBpm: number | null;
  /** Lowest SpO2. */
  spo2Percent: number | null;
  /** Lowest respiratory rate. */
  respiratoryRatePerMin: number | null;
  temperatureC: number | null;
  /** A single listed reading marked as artifact: why (it stays on the record, rules ignore it). */
  artifactReason: string | null;
  /**
   * Where the row's readings came from: the reading's source, or for a 5-minute row each source
   * with its count ("Bedside monitor 1 (device EUI-1) ×299; Nurse Demo ×1").
   */
  source: string | null;
}

export interface VitalsTable {
  mode: 'readings' | 'summary';
  bucketMinutes: number;
  rows: VitalsRow[];
  artifactCount: number;
}

function rowOf(reading: Reading, source: string): VitalsRow {
  const v = reading.vitals;
  return {
    at: reading.observedAt,
    readingCount: 1,
    systolicMmHg: v.systolicMmHg ?? null,
    diastolicMmHg: v.diastolicMmHg ?? null,
    heartRateBpm: v.heartRateBpm ?? null,
    spo2Percent: v.spo2Percent ?? null,
    respiratoryRatePerMin: v.respiratoryRatePerMin ?? null,
    temperatureC: v.temperatureC ?? null,
    artifactReason: reading.artifact?.reason ?? null,
    source,
  };
}

function pick(current: number | null, next: number | undefined, better: (a: number, b: number) => boolean): number | null {
  if (next === undefined) return current;
  return current === null || better(next, current) ? next : current;
}

function summarize(readings: Reading[], bucketMs: number, describeSource: (reading: Reading) => string): VitalsRow[] {
  const rows = new Map<number, VitalsRow>();
  const sources = new Map<number, Map<string, number>>();
  for (const reading of readings) {
    if (reading.artifact) continue;
    const start = Math.floor(reading.observedAt / bucketMs) * bucketMs;
    const counts = sources.get(start) ?? new Map<string, number>();
    const source = describeSource(reading);
    counts.set(source, (counts.get(source) ?? 0) + 1);
    sources.set(start, counts);
    const row = rows.get(start) ?? {
      at: start,
      readingCount: 0,
      systolicMmHg: null,
      diastolicMmHg: null,
      heartRateBpm: null,
      spo2Percent: null,
      respiratoryRatePerMin: null,
      temperatureC: null,
      artifactReason: null,
      source: null,
    };
    const v = reading.vitals;
    row.readingCount += 1;
    if (v.systolicMmHg !== undefined && (row.systolicMmHg === null || v.systolicMmHg > row.systolicMmHg)) {
      row.systolicMmHg = v.systolicMmHg;
      row.diastolicMmHg = v.diastolicMmHg ?? null;
    }
    row.heartRateBpm = pick(row.heartRateBpm, v.heartRateBpm, (a, b) => a > b);
    row.spo2Percent = pick(row.spo2Percent, v.spo2Percent, (a, b) => a < b);
    row.respiratoryRatePerMin = pick(row.respiratoryRatePerMin, v.respiratoryRatePerMin, (a, b) => a < b);
    row.temperatureC = pick(row.temperatureC, v.temperatureC, (a, b) => a > b);
    rows.set(start, row);
  }
  for (const [start, row] of rows) {
    row.source = [...(sources.get(start) ?? [])].map(([source, count]) => `${source} ×${count}`).join('; ');
  }
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

/**
 * The printed vitals: every reading when there are few (a nurse's manual sets), otherwise one
 * row per 5 minutes with the values that matter most (highest BP and heart rate, lowest SpO2
 * and respiratory rate). The CSV and FHIR exports carry every reading.
 */
export function vitalsTable(state: SessionState, describeSource: (reading: Reading) => string): VitalsTable {
  const artifactCount = state.readings.filter((r) => r.artifact).length;
  if (state.readings.length <= MAX_LISTED_READINGS) {
    return {
      mode: 'readings',
      bucketMinutes: SUMMARY_BUCKET_MINUTES,
      rows: state.readings.map((r) => rowOf(r, describeSource(r))),
      artifactCount,
    };
  }
  return {
    mode: 'summary',
    bucketMinutes: SUMMARY_BUCKET_MINUTES,
    rows: summarize(state.readings, SUMMARY_BUCKET_MINUTES * 60_000, describeSource),
    artifactCount,
  };
}
