import { PLAUSIBLE_RANGES, type VitalKey } from '../vitals/plausibility';
import type { AlarmKind, AlarmParameter } from './types';

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

/**
 * What an alarm is about, in a few words for a tile: the parameter and its value ("SpO2 88%",
 * "Systolic 165 mmHg, risen from baseline", "NEWS2 score 7", "40-minute check overdue",
 * "No data from Monitor 3"). Falls back on the message's first part.
 */
export function alarmHeadline(alarm: {
  alarmId: string;
  kind: AlarmKind;
  parameter: AlarmParameter | 'news2' | null;
  value: number | null;
  message: string;
}): string {
  const { kind, parameter, value } = alarm;
  if (kind === 'overdue_check') return `${alarm.alarmId.split(':')[1]}-minute check overdue`;
  if (kind === 'device_silent') return alarm.message.split(' for ')[0] ?? alarm.message;
  if (parameter === 'news2' && value !== null) return `NEWS2 score ${value}`;
  if (parameter !== null && parameter !== 'news2' && value !== null) {
    const what = describeValue(parameter, value);
    return kind === 'baseline_rise' ? `${what}, risen from baseline` : what;
  }
  return alarm.message.split(' — ')[0] ?? alarm.message;
}
