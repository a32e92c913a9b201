import type { OruObservation } from '../hl7/build';
import type { VitalKey } from '../vitals/plausibility';
import type { VitalSet } from '../vitals/schema';
import { seedFromText, type Random } from './random';

/** How a simulated bedside monitor misbehaves, per value sent. */
export interface MonitorFaults {
  /** Chance that a value is replaced by a "no value" sentinel (-999, -100, -1, -99.9). */
  sentinelChance: number;
  /** Chance that a message carries one plausible-looking but wrong value (motion, a loose probe). */
  artifactChance: number;
}

export const DEFAULT_FAULTS: MonitorFaults = { sentinelChance: 0.03, artifactChance: 0.02 };

/** MDC rows a monitor sends for each vital (CLINICAL.md, Interoperability). */
export const MONITOR_ROWS: Record<VitalKey, Omit<OruObservation, 'value'>> = {
  systolicMmHg: { code: 150021, refId: 'MDC_PRESS_BLD_NONINV_SYS', unitCode: '266016', unitText: 'MDC_DIM_MMHG' },
  diastolicMmHg: { code: 150022, refId: 'MDC_PRESS_BLD_NONINV_DIA', unitCode: '266016', unitText: 'MDC_DIM_MMHG' },
  heartRateBpm: { code: 149530, refId: 'MDC_PULS_OXIM_PULS_RATE', unitCode: '264864', unitText: 'MDC_DIM_BEAT_PER_MIN' },
  spo2Percent: { code: 150456, refId: 'MDC_PULS_OXIM_SAT_O2', unitCode: '262688', unitText: 'MDC_DIM_PERCENT' },
  respiratoryRatePerMin: { code: 151562, refId: 'MDC_RESP_RATE', unitCode: '264928', unitText: 'MDC_DIM_RESP_PER_MIN' },
  temperatureC: { code: 150344, refId: 'MDC_TEMP', unitCode: '268192', unitText: 'MDC_DIM_DEGC' },
};

const SENTINELS = ['-999', '-100', '-1', '-99.9'] as const;

export interface MonitorOutput {
  observations: OruObservation[];
  /** What was done to the values, for the simulator's log ("SpO2 sent as -999", "HR artifact 148"). */
  faults: string[];
}

/** A wrong but plausible value, as motion or a loose probe gives. */
function artifact(key: VitalKey, value: number, random: Random): number {
  switch (key) {
    case 'spo2Percent':
      return Math.round(random.between(78, 86));
    case 'heartRateBpm':
      return Math.round(random.between(135, 160));
    case 'systolicMmHg':
      return Math.round(value + random.between(35, 55));
    default:
      return value;
  }
}

/**
 * The OBX rows a monitor would send for these vitals, with occasional sentinels and artifacts.
 * Values keep the monitor's formatting (integers, one decimal for temperature).
 */
export function monitorObservations(vitals: VitalSet, random: Random, faults: MonitorFaults = DEFAULT_FAULTS): MonitorOutput {
  const values = new Map<VitalKey, string>();
  for (const key of Object.keys(MONITOR_ROWS) as VitalKey[]) {
    const value = vitals[key];
    if (value !== undefined) values.set(key, key === 'temperatureC' ? value.toFixed(1) : String(Math.round(value)));
  }
  const notes: string[] = [];
  const candidates = (['spo2Percent', 'heartRateBpm', 'systolicMmHg'] as VitalKey[]).filter((key) => values.has(key));
  if (candidates.length > 0 && random.chance(faults.artifactChance)) {
    const key = random.pick(candidates);
    const wrong = artifact(key, vitals[key] ?? 0, random);
    values.set(key, String(wrong));
    notes.push(`${key} artifact ${wrong}`);
  }
  for (const key of values.keys()) {
    if (random.chance(faults.sentinelChance)) {
      const sentinel = random.pick(SENTINELS);
      values.set(key, sentinel);
      notes.push(`${key} sent as ${sentinel}`);
    }
  }
  const observations = [...values].map(([key, value]) => ({ ...MONITOR_ROWS[key], value }));
  return { observations, faults: notes };
}

/** A stable EUI-64 per room ("VIGL" + a hash), so a restarted simulator is the same device in the registry. */
export function simulatedDeviceId(roomId: string): string {
  return `5649474C${seedFromText(roomId).toString(16).toUpperCase().padStart(8, '0')}`;
}
