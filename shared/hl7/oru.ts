import { fail, type Result } from '../result';
import { PLAUSIBLE_RANGES, type VitalKey } from '../vitals/plausibility';
import { vitalSetSchema } from '../vitals/schema';
import { readHeader, type Hl7Header } from './header';
import { component, parseHl7, repetitionComponents, type Hl7Message, type Hl7Segment } from './message';
import { findMdcObservation, findUnit, toStoredUnit } from './mdc';
import type { DeviceReadingDraft, DroppedValue } from './readings';
import { parseHl7Time } from './timestamp';

/**
 * Numbers monitors send for "no value" (CLINICAL.md, Interoperability: -999, -100, -1, -99.9
 * "and the like"). They are not readings: dropped and noted as "no value", not as implausible.
 */
export const SENTINEL_VALUES: ReadonlySet<number> = new Set([-1, -99, -99.9, -100, -999, -999.9, -9999, -99999]);

/** Result statuses (OBX-11) that mean there is no usable value: cannot be obtained, deleted, wrong. */
const NO_VALUE_STATUSES = new Set(['X', 'D', 'W', 'N']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER_VITALS: ReadonlySet<VitalKey> = new Set([
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'respiratoryRatePerMin',
]);

export interface OruReadings {
  header: Hl7Header;
  /** OBX-18 (EUI-64) of the first row that names its device, if any. */
  equipmentId: string | null;
  readings: DeviceReadingDraft[];
  dropped: DroppedValue[];
  /** Rows Vigil does not read (other codes, device hierarchy rows): skipped, not errors. */
  skippedRows: number;
}

export interface OruOptions {
  /** Offset (minutes east of UTC) for times written without one, when MSH-7 has none either. */
  defaultOffsetMinutes: number;
}

interface Accepted {
  row: number;
  vital: VitalKey;
  priority: number;
  value: number;
  observedAt: number;
}

function numericText(message: Hl7Message, obx: Hl7Segment): string | null {
  const type = component(message, obx, 2, 1).toUpperCase();
  if (type === 'SN') {
    // Structured numeric: comparator^number; only a plain "=" (or none) is an exact reading.
    const comparator = component(message, obx, 5, 1);
    return comparator === '' || comparator === '=' ? component(message, obx, 5, 2) : null;
  }
  if (type !== '' && type !== 'NM' && type !== 'ST') return null;
  return component(message, obx, 5, 1);
}

function timeOf(message: Hl7Message, segment: Hl7Segment | undefined, n: number, offset: number): number | null | undefined {
  if (!segment) return null;
  const text = component(message, segment, n, 1);
  if (text === '') return null;
  return parseHl7Time(text, offset)?.epochMs;
}

function round(vital: VitalKey, value: number): number {
  return INTEGER_VITALS.has(vital) ? Math.round(value) : Math.round(value * 10) / 10;
}

/**
 * A row's value that is not a reading ("SpO2 had no value"). A module function, not a closure
 * in readObx: a closure was made (and, under tsx, named) for every row of every message.
 */
function drop(
  obx: { row: number; code: number; vital: VitalKey; rawValue: string | null },
  reason: DroppedValue['reason'],
  text: string,
): { dropped: DroppedValue } {
  const { row, code, vital, rawValue } = obx;
  const message = `${PLAUSIBLE_RANGES[vital].label} ${text}`;
  return { dropped: { row, code: String(code), value: (rawValue ?? '').slice(0, 40), reason, message } };
}

/** Reads one OBX row: an accepted value, a dropped one, or null for a row Vigil does not read. */
function readObx(
  message: Hl7Message,
  obx: Hl7Segment,
  row: number,
  fallbackAt: number | null,
  offset: number,
): { accepted: Accepted } | { dropped: DroppedValue } | null {
  const codeComponents = repetitionComponents(message, obx, 3);
  const observation = findMdcObservation(codeComponents);
  if (!observation || observation.vital === null) return null;
  const vital = observation.vital;
  const { unit: storedUnit } = PLAUSIBLE_RANGES[vital];
  const rawValue = numericText(message, obx);
  const read = { row, code: observation.code, vital, rawValue };
  if (rawValue === null) return drop(read, 'not_numeric', 'is not a number');
  const status = component(message, obx, 11, 1).toUpperCase();
  if (rawValue === '' || NO_VALUE_STATUSES.has(status)) return drop(read, 'no_value', 'had no value');
  if (!NUMBER.test(rawValue)) return drop(read, 'not_numeric', `"${rawValue.slice(0, 20)}" is not a number`);
  const value = Number(rawValue);
  if (SENTINEL_VALUES.has(value)) return drop(read, 'sentinel', `${rawValue} means "no value"`);
  const unit = findUnit(repetitionComponents(message, obx, 6));
  const converted = unit === undefined ? null : toStoredUnit(vital, unit, value);
  if (converted === null)
    return drop(read, 'unit', `unit "${component(message, obx, 6, 1) || component(message, obx, 6, 2)}" is not one Vigil reads`);
  const stored = round(vital, converted);
  const { min, max } = PLAUSIBLE_RANGES[vital];
  if (stored < min || stored > max) return drop(read, 'implausible', `${rawValue} ${storedUnit} is outside ${min}-${max}`);
  const own = timeOf(message, obx, 14, offset);
  if (own === undefined) return drop(read, 'no_time', 'had an unreadable time (OBX-14)');
  const observedAt = own ?? fallbackAt;
  if (observedAt === null) return drop(read, 'no_time', 'had no measurement time (OBX-14, OBR-7 and MSH-7 all missing)');
  return { accepted: { row, vital, priority: observation.priority, value: stored, observedAt } };
}

/** Drops a blood pressure that is not a sound pair (either half, whichever came). */
function dropPair(chosen: Map<VitalKey, Accepted>, dropped: DroppedValue[], message: string): void {
  for (const part of [chosen.get('systolicMmHg'), chosen.get('diastolicMmHg')]) {
    if (!part) continue;
    dropped.push({ row: part.row, code: part.vital, value: String(part.value), reason: 'unpaired', message });
    chosen.delete(part.vital);
  }
}

/** Groups accepted values by time into vital sets; blood pressure must come as a sound pair. */
function group(accepted: Accepted[], dropped: DroppedValue[]): DeviceReadingDraft[] {
  const byTime = new Map<number, Accepted[]>();
  for (const value of accepted) {
    const values = byTime.get(value.observedAt);
    if (values) values.push(value);
    else byTime.set(value.observedAt, [value]);
  }
  const readings: DeviceReadingDraft[] = [];
  for (const [observedAt, values] of [...byTime].sort((a, b) => a[0] - b[0])) {
    const chosen = new Map<VitalKey, Accepted>();
    for (const value of values) {
      const current = chosen.get(value.vital);
      if (!current || value.priority < current.priority) chosen.set(value.vital, value);
    }
    const sys = chosen.get('systolicMmHg');
    const dia = chosen.get('diastolicMmHg');
    if ((sys === undefined) !== (dia === undefined))
      dropPair(chosen, dropped, 'Blood pressure came without its pair (systolic and diastolic are stored together)');
    else if (sys && dia && dia.value >= sys.value)
      dropPair(chosen, dropped, `Blood pressure ${sys.value}/${dia.value}: diastolic not below systolic`);
    if (chosen.size === 0) continue;
    const vitals: DeviceReadingDraft['vitals'] = {};
    for (const [vital, value] of chosen) vitals[vital] = value.value;
    const checked = vitalSetSchema.safeParse(vitals);
    const rows = [...chosen.values()].map((v) => v.row).sort((a, b) => a - b);
    if (!checked.success) {
      for (const row of rows)
        dropped.push({ row, code: '', value: '', reason: 'invalid', message: checked.error.issues[0]?.message ?? 'Not a valid vital set' });
      continue;
    }
    readings.push({ observedAt, vitals, rows });
  }
  return readings;
}

/**
 * Reads an ORU^R01 (IHE PCD-01) message: the vital signs in its OBX rows, grouped by
 * measurement time (OBX-14, else the OBR-7 of its group, else MSH-7). Rows with other codes
 * are skipped; sentinel, implausible or unit-less-and-unknown values are dropped and listed.
 * Fails (never throws) when the text is not a readable ORU^R01.
 */
export function parseOruR01(text: string, options: OruOptions): Result<{ oru: OruReadings }> {
  const parsed = parseHl7(text);
  if (!parsed.ok) return parsed;
  const { message } = parsed;
  const read = readHeader(message, options.defaultOffsetMinutes);
  if (!read.ok) return read;
  const { header } = read;
  if (!/^ORU\^R01$/i.test(header.messageType)) {
    return fail('invalid_input', `Message type ${header.messageType.slice(0, 20)} is not supported (only ORU^R01)`);
  }
  // Times written without an offset are in the sender's zone: MSH-7's, else the configured default.
  const offset = header.sentAtOffsetMinutes ?? options.defaultOffsetMinutes;
  const accepted: Accepted[] = [];
  const dropped: DroppedValue[] = [];
  let skippedRows = 0;
  let equipmentId: string | null = null;
  // OBR-7, read once per OBR group rather than once per row.
  let obrTime: number | null | undefined = null;
  let position = 0;
  for (const segment of message.segments) {
    if (segment.name === 'OBR') obrTime = timeOf(message, segment, 7, offset);
    if (segment.name !== 'OBX') continue;
    position += 1;
    const setId = Number(component(message, segment, 1, 1));
    const row = Number.isInteger(setId) && setId > 0 ? setId : position;
    equipmentId ??= component(message, segment, 18, 1) || null;
    const fallbackAt = obrTime ?? header.sentAt;
    const outcome = readObx(message, segment, row, fallbackAt, offset);
    if (outcome === null) skippedRows += 1;
    else if ('accepted' in outcome) accepted.push(outcome.accepted);
    else dropped.push(outcome.dropped);
  }
  const readings = group(accepted, dropped);
  return { ok: true, oru: { header, equipmentId, readings, dropped, skippedRows } };
}
