import type { VitalSet } from '../../../shared/vitals/schema';

export function bloodPressure(vitals: VitalSet): string {
  return vitals.systolicMmHg !== undefined && vitals.diastolicMmHg !== undefined ? `${vitals.systolicMmHg}/${vitals.diastolicMmHg}` : '—';
}

export function value(number: number | undefined, digits = 0): string {
  return number === undefined ? '—' : number.toFixed(digits);
}
