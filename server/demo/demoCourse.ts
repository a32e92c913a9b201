import type { VitalSet } from '../../shared/vitals/schema';

/**
 * Temporary course for the demo until the shared simulation model lands: a smooth rise to a
 * peak about 40 minutes after the dose, settling over about 2 hours (CLINICAL.md).
 */
export function demoVitals(minutesSinceDose: number | null, profile: number, seedText: string, tick: number): VitalSet {
  let seed = tick * 7919 + profile * 104729;
  for (const c of seedText) seed = (seed * 31 + c.charCodeAt(0)) % 2147483647;
  const noise = (spread: number) => {
    seed = (seed * 48271) % 2147483647;
    return ((seed / 2147483647) * 2 - 1) * spread;
  };
  const m = minutesSinceDose ?? -10;
  const rise = m < 0 ? 0 : m <= 40 ? m / 40 : Math.max(0, 1 - (m - 40) / 80);
  const peak = [22, 30, 16][profile % 3]!;
  const systolic = Math.round(122 + profile * 4 + rise * peak + noise(4));
  const diastolic = Math.round(78 + profile * 2 + rise * peak * 0.55 + noise(3));
  return {
    systolicMmHg: systolic,
    diastolicMmHg: Math.min(diastolic, systolic - 20),
    heartRateBpm: Math.round(72 + rise * 10 + noise(3)),
    spo2Percent: Math.round(Math.min(100, 97.5 + noise(1.2))),
    respiratoryRatePerMin: Math.round(14 + noise(1.5)),
  };
}
