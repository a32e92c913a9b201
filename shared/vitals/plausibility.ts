/**
 * Physical plausibility: values outside these ranges are measurement or typing errors,
 * not patients, and are refused. These are NOT alarm limits (those live in protocol data);
 * a value inside these ranges is stored even when it is clinically alarming.
 * Source: clinic default (no published standard); chosen wide enough to hold any living
 * adult patient's reading. CLINICAL.md gives the sentinel values monitors send for
 * "no value" (-999, -100, -1, -99.9), all of which fall outside these ranges.
 */
export const PLAUSIBLE_RANGES = {
  systolicMmHg: { min: 40, max: 300, label: 'Systolic pressure', unit: 'mmHg' },
  diastolicMmHg: { min: 20, max: 200, label: 'Diastolic pressure', unit: 'mmHg' },
  heartRateBpm: { min: 20, max: 250, label: 'Heart rate', unit: '/min' },
  spo2Percent: { min: 50, max: 100, label: 'SpO2', unit: '%' },
  respiratoryRatePerMin: { min: 2, max: 70, label: 'Respiratory rate', unit: '/min' },
  temperatureC: { min: 30, max: 43, label: 'Temperature', unit: '°C' },
} as const;

export type VitalKey = keyof typeof PLAUSIBLE_RANGES;

export const VITAL_KEYS = Object.keys(PLAUSIBLE_RANGES) as VitalKey[];
