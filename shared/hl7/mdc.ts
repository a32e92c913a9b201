import type { VitalKey } from '../vitals/plausibility';

/**
 * IEEE 11073 (MDC) observation codes Vigil reads from OBX-3, with their reference ids
 * (some senders send only the text form). Source: CLINICAL.md, Interoperability.
 * `vital: null` rows are known but not stored (mean pressures: Vigil records systolic/diastolic).
 * `priority` orders several sources of one vital in one reading (lower wins): an ECG heart
 * rate is preferred to a pulse rate, the NIBP codes to the cuff codes.
 */
export interface MdcObservation {
  code: number;
  refId: string;
  vital: VitalKey | null;
  priority: number;
}

export const MDC_OBSERVATIONS: readonly MdcObservation[] = [
  { code: 150021, refId: 'MDC_PRESS_BLD_NONINV_SYS', vital: 'systolicMmHg', priority: 0 },
  { code: 150022, refId: 'MDC_PRESS_BLD_NONINV_DIA', vital: 'diastolicMmHg', priority: 0 },
  { code: 150023, refId: 'MDC_PRESS_BLD_NONINV_MEAN', vital: null, priority: 0 },
  { code: 150301, refId: 'MDC_PRESS_CUFF_SYS', vital: 'systolicMmHg', priority: 1 },
  { code: 150302, refId: 'MDC_PRESS_CUFF_DIA', vital: 'diastolicMmHg', priority: 1 },
  { code: 150303, refId: 'MDC_PRESS_CUFF_MEAN', vital: null, priority: 1 },
  { code: 147842, refId: 'MDC_ECG_HEART_RATE', vital: 'heartRateBpm', priority: 0 },
  { code: 149530, refId: 'MDC_PULS_OXIM_PULS_RATE', vital: 'heartRateBpm', priority: 1 },
  { code: 149546, refId: 'MDC_PULS_RATE_NON_INV', vital: 'heartRateBpm', priority: 2 },
  { code: 150456, refId: 'MDC_PULS_OXIM_SAT_O2', vital: 'spo2Percent', priority: 0 },
  { code: 151562, refId: 'MDC_RESP_RATE', vital: 'respiratoryRatePerMin', priority: 0 },
  { code: 151594, refId: 'MDC_AWAY_RESP_RATE', vital: 'respiratoryRatePerMin', priority: 1 },
  { code: 150344, refId: 'MDC_TEMP', vital: 'temperatureC', priority: 0 },
];

const BY_CODE = new Map(MDC_OBSERVATIONS.map((o) => [String(o.code), o]));
const BY_REF_ID = new Map(MDC_OBSERVATIONS.map((o) => [o.refId, o]));

/**
 * Finds the observation named by OBX-3's components (identifier, text, coding system,
 * alternate identifier, alternate text ...). A numeric identifier is trusted first, then a
 * reference id in any component; null when the row is not one Vigil reads.
 */
export function findMdcObservation(components: readonly string[]): MdcObservation | null {
  for (const index of [0, 3]) {
    const found = BY_CODE.get(components[index] ?? '');
    if (found) return found;
  }
  for (const text of components) {
    const found = BY_REF_ID.get(text.toUpperCase());
    if (found) return found;
  }
  return null;
}

export type UnitKind = 'mmHg' | 'kPa' | 'perMin' | 'percent' | 'degC' | 'degF';

/**
 * Units from OBX-6: MDC codes and names (CLINICAL.md lists 264864 /min, 262688 %, 266016 mmHg,
 * 264928 breaths/min, 268192 degC) and UCUM (`mm[Hg]`, `/min`, `%`, `Cel`); kPa and degF (by name
 * or UCUM only: their MDC numbers are not in CLINICAL.md)
 * are converted.
 */
const UNIT_ALIASES: Record<string, UnitKind> = {
  '266016': 'mmHg',
  MDC_DIM_MMHG: 'mmHg',
  'MM[HG]': 'mmHg',
  MMHG: 'mmHg',
  MDC_DIM_KILO_PASCAL: 'kPa',
  KPA: 'kPa',
  '264864': 'perMin',
  MDC_DIM_BEAT_PER_MIN: 'perMin',
  '264928': 'perMin',
  MDC_DIM_RESP_PER_MIN: 'perMin',
  '/MIN': 'perMin',
  '{BEATS}/MIN': 'perMin',
  '{BEAT}/MIN': 'perMin',
  '{BREATHS}/MIN': 'perMin',
  '{BREATH}/MIN': 'perMin',
  '{RESP}/MIN': 'perMin',
  BPM: 'perMin',
  '1/MIN': 'perMin',
  '262688': 'percent',
  MDC_DIM_PERCENT: 'percent',
  '%': 'percent',
  '268192': 'degC',
  MDC_DIM_DEGC: 'degC',
  CEL: 'degC',
  DEGC: 'degC',
  MDC_DIM_FAHR: 'degF',
  '[DEGF]': 'degF',
  DEGF: 'degF',
};

/** The unit named by OBX-6's components; `null` for an empty OBX-6, `undefined` when not understood. */
export function findUnit(components: readonly string[]): UnitKind | null | undefined {
  if (components.every((c) => c === '')) return null;
  for (const text of components) {
    const found = UNIT_ALIASES[text.toUpperCase()];
    if (found) return found;
  }
  return undefined;
}

/** The unit Vigil stores each vital in, and how to convert the others it accepts. */
const CONVERSIONS: Record<VitalKey, Partial<Record<UnitKind, (value: number) => number>>> = {
  systolicMmHg: { mmHg: (v) => v, kPa: (v) => v * 7.50062 },
  diastolicMmHg: { mmHg: (v) => v, kPa: (v) => v * 7.50062 },
  heartRateBpm: { perMin: (v) => v },
  spo2Percent: { percent: (v) => v },
  respiratoryRatePerMin: { perMin: (v) => v },
  temperatureC: { degC: (v) => v, degF: (v) => ((v - 32) * 5) / 9 },
};

/**
 * Converts a value to the stored unit. An empty unit is taken as the stored unit (many
 * monitors omit it); the plausibility check then catches a Fahrenheit temperature sent without one.
 * Returns null when the unit does not fit the vital.
 */
export function toStoredUnit(vital: VitalKey, unit: UnitKind | null, value: number): number | null {
  if (unit === null) return value;
  const convert = CONVERSIONS[vital][unit];
  return convert ? convert(value) : null;
}
