import { PLAUSIBLE_RANGES, type VitalKey } from '../vitals/plausibility';
import type { AlarmParameter } from './types';

/** A vital's long label and unit are those of its plausibility entry (one table); the short label is the tray's own. */
function vital(key: VitalKey, label: string): { label: string; longLabel: string; unit: string } {
  return { label, longLabel: PLAUSIBLE_RANGES[key].label, unit: PLAUSIBLE_RANGES[key].unit };
}

/** Short labels nurses read on the alarm tray, the longer ones of settings pages, and units. */
export const PARAMETER_LABELS: Record<AlarmParameter, { label: string; longLabel: string; unit: string }> = {
  systolicMmHg: vital('systolicMmHg', 'Systolic'),
  diastolicMmHg: vital('diastolicMmHg', 'Diastolic'),
  heartRateBpm: vital('heartRateBpm', 'Heart rate'),
  spo2Percent: vital('spo2Percent', 'SpO2'),
  respiratoryRatePerMin: vital('respiratoryRatePerMin', 'Respiratory rate'),
  temperatureC: vital('temperatureC', 'Temperature'),
  moaas: { label: 'MOAA/S', longLabel: 'MOAA/S sedation score', unit: '' },
};

/** "Systolic 184 mmHg", "SpO2 89%", "Heart rate 132/min", "MOAA/S 1". */
export function describeValue(parameter: AlarmParameter, value: number): string {
  const { label, unit } = PARAMETER_LABELS[parameter];
  if (unit === '') return `${label} ${value}`;
  const glued = unit === '%' || unit.startsWith('/') || unit.startsWith('°');
  return `${label} ${value}${glued ? '' : ' '}${unit}`;
}
