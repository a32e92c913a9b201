import type { AlarmParameter } from './types';

/** Short labels and units nurses read on the alarm tray. */
export const PARAMETER_LABELS: Record<AlarmParameter, { label: string; unit: string }> = {
  systolicMmHg: { label: 'Systolic', unit: 'mmHg' },
  diastolicMmHg: { label: 'Diastolic', unit: 'mmHg' },
  heartRateBpm: { label: 'Heart rate', unit: '/min' },
  spo2Percent: { label: 'SpO2', unit: '%' },
  respiratoryRatePerMin: { label: 'Respiratory rate', unit: '/min' },
  temperatureC: { label: 'Temperature', unit: '°C' },
  moaas: { label: 'MOAA/S', unit: '' },
};

/** "Systolic 184 mmHg", "SpO2 89%", "Heart rate 132/min", "MOAA/S 1". */
export function describeValue(parameter: AlarmParameter, value: number): string {
  const { label, unit } = PARAMETER_LABELS[parameter];
  if (unit === '') return `${label} ${value}`;
  const glued = unit === '%' || unit.startsWith('/') || unit.startsWith('°');
  return `${label} ${value}${glued ? '' : ' '}${unit}`;
}
