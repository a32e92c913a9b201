import type { SessionEvent } from './events';
import type { Reading, SessionState } from './state';
import { VITAL_KEYS, type VitalKey } from '../vitals/plausibility';
import { buildRecentTails, stepRecentTails, type RecentTails } from './recentTails';

/** The latest non-artifact value of one vital: from the reading last in record order (observedAt, then seq). */
export interface IndexedValue {
  value: number;
  observedAt: number;
  seq: number;
  readingId: string;
  /** Sent by a bedside monitor (or gateway), not entered by a person. */
  byDevice: boolean;
}

/** The latest non-artifact blood pressure: both values of one reading, the last such in record order. */
export interface IndexedPressure {
  systolicMmHg: number;
  diastolicMmHg: number;
  observedAt: number;
  seq: number;
  readingId: string;
  byDevice: boolean;
}

/**
 * What the alarm and readiness rules keep of a session's readings, so that no rule walks the
 * whole record on every evaluation: a reading, a mark or a tick costs the same at the 14,400th
 * reading as at the first. A pure function of the record (`buildRuleIndex`), kept up to date
 * one event at a time (`stepRuleIndex`); the two always agree (test/shared/alerts/incremental.test.ts).
 */
export interface RuleIndex {
  /** Every device that sent a reading (artifacts too: they show it is alive): its name and the server time of its latest. */
  devices: ReadonlyMap<string, { displayName: string; lastRecordedAt: number; lastSeq: number }>;
  /** Readings struck through as artifact. */
  artifactReadingIds: ReadonlySet<string>;
  /** The latest non-artifact value of each vital; absent when never measured. */
  latest: Readonly<Partial<Record<VitalKey, IndexedValue>>>;
  /** The latest non-artifact blood pressure (the board's tile); null when never measured, e.g. a pulse oximeter's session. */
  pressure: IndexedPressure | null;
  /** The last values of each vital with where the evidence window cuts them off (recentTails.ts): what the alarm rules weigh. */
  recent: RecentTails;
}

/** True when `a` comes after `b` in record order (observedAt, then seq). */
function after(a: { observedAt: number; seq: number }, b: { observedAt: number; seq: number }): boolean {
  return a.observedAt > b.observedAt || (a.observedAt === b.observedAt && a.seq > b.seq);
}

function latestOf(readings: readonly Reading[], key: VitalKey): IndexedValue | undefined {
  for (let index = readings.length - 1; index >= 0; index -= 1) {
    const reading = readings[index]!;
    const value = reading.vitals[key];
    if (!reading.artifact && value !== undefined) {
      return {
        value,
        observedAt: reading.observedAt,
        seq: reading.seq,
        readingId: reading.readingId,
        byDevice: reading.recordedBy.kind === 'device',
      };
    }
  }
  return undefined;
}

function pressureOf(readings: readonly Reading[]): IndexedPressure | null {
  for (let index = readings.length - 1; index >= 0; index -= 1) {
    const reading = readings[index]!;
    const { systolicMmHg, diastolicMmHg } = reading.vitals;
    if (!reading.artifact && systolicMmHg !== undefined && diastolicMmHg !== undefined) {
      const { observedAt, seq, readingId } = reading;
      return { systolicMmHg, diastolicMmHg, observedAt, seq, readingId, byDevice: reading.recordedBy.kind === 'device' };
    }
  }
  return null;
}

/** The index of a whole record, from scratch (the reference `stepRuleIndex` is checked against). */
export function buildRuleIndex(state: SessionState): RuleIndex {
  const devices = new Map<string, { displayName: string; lastRecordedAt: number; lastSeq: number }>();
  const artifactReadingIds = new Set<string>();
  for (const reading of state.readings) {
    if (reading.artifact) artifactReadingIds.add(reading.readingId);
    if (reading.recordedBy.kind !== 'device') continue;
    const { deviceId, displayName } = reading.recordedBy;
    const known = devices.get(deviceId);
    // The latest by server time; of two stored together, the later stored names it.
    if (
      known === undefined ||
      reading.recordedAt > known.lastRecordedAt ||
      (reading.recordedAt === known.lastRecordedAt && reading.seq > known.lastSeq)
    ) {
      devices.set(deviceId, { displayName, lastRecordedAt: reading.recordedAt, lastSeq: reading.seq });
    }
  }
  const latest: Partial<Record<VitalKey, IndexedValue>> = {};
  for (const key of VITAL_KEYS) {
    const found = latestOf(state.readings, key);
    if (found !== undefined) latest[key] = found;
  }
  return { devices, artifactReadingIds, latest, pressure: pressureOf(state.readings), recent: buildRecentTails(state.readings) };
}

/**
 * The index after one event, from the index before it and the states either side. Pure. Only
 * a new reading, an artifact mark and a confirmation change it; re-finding a vital (or the
 * pressure) whose latest value was just struck through is the one walk back, and marks are a
 * person's rare act.
 */
export function stepRuleIndex(index: RuleIndex, event: SessionEvent, before: SessionState, next: SessionState): RuleIndex {
  if (before.readings === next.readings) return index;
  if (event.type === 'vitals.recorded') {
    const { readingId, vitals } = event.payload;
    const entry = { observedAt: event.observedAt, seq: event.seq };
    const byDevice = event.actor.kind === 'device';
    let latest = index.latest;
    for (const key of VITAL_KEYS) {
      const value = vitals[key];
      const current = latest[key];
      if (value === undefined || (current !== undefined && !after(entry, current))) continue;
      if (latest === index.latest) latest = { ...latest };
      (latest as Partial<Record<VitalKey, IndexedValue>>)[key] = { value, ...entry, readingId, byDevice };
    }
    let pressure = index.pressure;
    const { systolicMmHg, diastolicMmHg } = vitals;
    if (systolicMmHg !== undefined && diastolicMmHg !== undefined && (pressure === null || after(entry, pressure))) {
      pressure = { systolicMmHg, diastolicMmHg, ...entry, readingId, byDevice };
    }
    let devices = index.devices;
    if (event.actor.kind === 'device') {
      const { deviceId, displayName } = event.actor;
      const known = devices.get(deviceId);
      if (known === undefined || event.recordedAt >= known.lastRecordedAt) {
        devices = new Map(devices).set(deviceId, { displayName, lastRecordedAt: event.recordedAt, lastSeq: event.seq });
      }
    }
    return { ...index, latest, pressure, devices, recent: stepRecentTails(index.recent, event, next.readings) };
  }
  if (event.type === 'reading.artifactMarked') {
    const { readingId } = event.payload;
    const artifactReadingIds = new Set(index.artifactReadingIds).add(readingId);
    let latest = index.latest;
    for (const key of VITAL_KEYS) {
      if (latest[key]?.readingId !== readingId) continue;
      if (latest === index.latest) latest = { ...latest };
      const found = latestOf(next.readings, key);
      const writable = latest as Partial<Record<VitalKey, IndexedValue>>;
      if (found === undefined) delete writable[key];
      else writable[key] = found;
    }
    const pressure = index.pressure?.readingId === readingId ? pressureOf(next.readings) : index.pressure;
    return { ...index, artifactReadingIds, latest, pressure, recent: stepRecentTails(index.recent, event, next.readings) };
  }
  // A confirmation makes the reading's values deliberate; it changes nothing else kept here.
  if (event.type === 'reading.confirmed') return { ...index, recent: stepRecentTails(index.recent, event, next.readings) };
  // A change to the readings this index does not know how to follow: rebuilt from the record, so it is never wrong.
  return buildRuleIndex(next);
}

// States are immutable: each state's index is computed once, and the reducer carries it to the
// next state one event at a time (`carryRuleIndex`), so it is built whole only for a state
// nobody asked about before (a session folded from its log, a test's hand-made state).
const indexes = new WeakMap<SessionState, RuleIndex>();

/** The rule index of a state: carried from the state before it, or built once. */
export function ruleIndexOf(state: SessionState): RuleIndex {
  let index = indexes.get(state);
  if (index === undefined) {
    index = buildRuleIndex(state);
    indexes.set(state, index);
  }
  return index;
}

/** Called by the reducer: if the state before had an index, step it to the state after. */
export function carryRuleIndex(before: SessionState, event: SessionEvent, next: SessionState): void {
  const index = indexes.get(before);
  if (index !== undefined && !indexes.has(next)) indexes.set(next, stepRuleIndex(index, event, before, next));
}
