import type { Actor } from '../session/actor';
import type { SessionState } from '../session/state';

/**
 * The readings export: one row per reading, every reading (artifacts included, marked), with
 * units in the column names and where each reading came from. The server writes these rows
 * with a CSV library; a spreadsheet or the clinic's record reads them back.
 */
export const READINGS_CSV_COLUMNS = [
  'session_id',
  'patient_alias',
  'reading_id',
  'seq',
  'measured_at_utc',
  'recorded_at_utc',
  'systolic_mmHg',
  'diastolic_mmHg',
  'heart_rate_per_min',
  'spo2_percent',
  'respiratory_rate_per_min',
  'temperature_degC',
  'source_kind',
  'source_id',
  'source_name',
  /** A device reading's sender: its address, and its certificate or gateway key (recorded_at_utc is when it was received). */
  'source_from',
  'confirmed_by',
  'confirmed_at_utc',
  'artifact_reason',
  'artifact_marked_by',
] as const;

export type ReadingsCsvRow = Record<(typeof READINGS_CSV_COLUMNS)[number], string>;

const iso = (t: number | undefined) => (t === undefined ? '' : new Date(t).toISOString());
const num = (v: number | undefined) => (v === undefined ? '' : String(v));
const sourceId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : actor.kind === 'device' ? actor.deviceId : '');

/** The rows of the readings CSV, in measured-at order. */
export function readingsCsvRows(state: SessionState): ReadingsCsvRow[] {
  return state.readings.map((r) => ({
    session_id: state.sessionId,
    patient_alias: state.patientAlias,
    reading_id: r.readingId,
    seq: String(r.seq),
    measured_at_utc: iso(r.observedAt),
    recorded_at_utc: iso(r.recordedAt),
    systolic_mmHg: num(r.vitals.systolicMmHg),
    diastolic_mmHg: num(r.vitals.diastolicMmHg),
    heart_rate_per_min: num(r.vitals.heartRateBpm),
    spo2_percent: num(r.vitals.spo2Percent),
    respiratory_rate_per_min: num(r.vitals.respiratoryRatePerMin),
    temperature_degC: num(r.vitals.temperatureC),
    source_kind: r.recordedBy.kind,
    source_id: sourceId(r.recordedBy),
    source_name: r.recordedBy.displayName,
    source_from: r.recordedBy.kind === 'device' ? (r.recordedBy.source ?? '') : '',
    confirmed_by: r.confirmedBy?.displayName ?? '',
    confirmed_at_utc: iso(r.confirmedAt),
    artifact_reason: r.artifact?.reason ?? '',
    artifact_marked_by: r.artifact?.markedBy.displayName ?? '',
  }));
}
