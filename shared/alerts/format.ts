import type { AlarmParameter } from './types';

/** Short labels nurses read on the alarm tray, the longer ones of settings pages, and units. */
export const PARAMETER_LABELS: Record<AlarmParameter, { label: string; longLabel: string; unit: string }> = {
  systolicMmHg: { label: 'Systolic', longLabel: 'Systolic pressure', unit: 'mmHg' },
  diastolicMmHg: { label: 'Diastolic', longLabel: 'Diastolic pressure', unit: 'mmHg' },
  heartRateBpm: { label: 'Heart rate', longLabel: 'Heart rate', unit: '/min' },
  spo2Percent: { label: 'SpO2', longLabel: 'SpO2', unit: '%' },
  respiratoryRatePerMin: { label: 'Respiratory rate', longLabel: 'Respiratory rate', unit: '/min' },
  temperatureC: { label: 'Temperature', longLabel: 'Temperature', unit: '°C' },
  moaas: { label: 'MOAA/S', longLabel: 'MOAA/S sedation score', unit: '' },
};

/** "Systolic 184 mmHg", "SpO2 89%", "Heart rate 132/min", "MOAA/S 1". */
export function describeValue(parameter: AlarmParameter, value: number): string {
  const { label, unit } = PARAMETER_LABELS[parameter];
  if (unit === '') return `${label} ${value}`;
  const glued = unit === '%' || unit.startsWith('/') || unit.startsWith('°');
  return `${label} ${value}${glued ? '' : ' '}${unit}`;
}
