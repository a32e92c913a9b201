import type { VitalSet } from '../vitals/schema';
import { createRandom, type Random } from './random';

/**
 * A simulated patient's course after a ketamine dose (CLINICAL.md, "Ketamine by route"):
 * blood pressure rises to a peak about 40 minutes after the dose and settles over about two
 * hours; the Yale review's mean peak rise was +16/+11 mmHg. Heart rate follows a little;
 * SpO2 and respiratory rate stay about where they were (ketamine spares breathing).
 */
export interface CourseProfile {
  name: string;
  baseline: {
    systolicMmHg: number;
    diastolicMmHg: number;
    heartRateBpm: number;
    spo2Percent: number;
    respiratoryRatePerMin: number;
    temperatureC: number;
  };
  peakRise: { systolicMmHg: number; diastolicMmHg: number; heartRateBpm: number };
  /** Minutes from the dose to the peak. */
  peakMinutes: number;
}

/** Three patients: a mild response, the mean response, and a marked rise near the transient-hypertension line (SBP 180). */
export const COURSE_PROFILES: readonly CourseProfile[] = [
  {
    name: 'mild',
    baseline: { systolicMmHg: 118, diastolicMmHg: 76, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14, temperatureC: 36.6 },
    peakRise: { systolicMmHg: 10, diastolicMmHg: 6, heartRateBpm: 6 },
    peakMinutes: 35,
  },
  {
    name: 'typical',
    baseline: { systolicMmHg: 126, diastolicMmHg: 80, heartRateBpm: 74, spo2Percent: 97, respiratoryRatePerMin: 15, temperatureC: 36.8 },
    peakRise: { systolicMmHg: 16, diastolicMmHg: 11, heartRateBpm: 9 },
    peakMinutes: 40,
  },
  {
    name: 'marked',
    baseline: { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 78, spo2Percent: 97, respiratoryRatePerMin: 15, temperatureC: 36.7 },
    peakRise: { systolicMmHg: 38, diastolicMmHg: 20, heartRateBpm: 14 },
    peakMinutes: 40,
  },
];

export function courseProfile(index: number): CourseProfile {
  const profile = COURSE_PROFILES[((index % COURSE_PROFILES.length) + COURSE_PROFILES.length) % COURSE_PROFILES.length];
  if (!profile) throw new Error('no course profiles');
  return profile;
}

/**
 * The fraction (0..1) of the peak rise at a time after the dose: 0 before the dose, 1 at the
 * peak, about a quarter two hours after it and near zero by three. A gamma-shaped curve
 * x^k * e^(k(1-x)) with x = minutes / peak and k = 1.5.
 */
export function riseFraction(minutesSinceDose: number | null, peakMinutes: number): number {
  if (minutesSinceDose === null || minutesSinceDose <= 0) return 0;
  const x = minutesSinceDose / peakMinutes;
  const k = 1.5;
  return Math.pow(x, k) * Math.exp(k * (1 - x));
}

/** The noise-free course: what the patient's vitals are at this time (fractional values). */
export function expectedVitals(profile: CourseProfile, minutesSinceDose: number | null): CourseProfile['baseline'] {
  return risenVitals(profile.baseline, profile.peakRise, riseFraction(minutesSinceDose, profile.peakMinutes));
}

/**
 * The baseline with `fraction` (0 to 1, from riseFraction) of the peak rise added: the drug
 * lifts blood pressure and pulse; saturation, breathing and temperature stay at baseline.
 */
export function risenVitals(
  baseline: CourseProfile['baseline'],
  peakRise: CourseProfile['peakRise'],
  fraction: number,
): CourseProfile['baseline'] {
  return {
    ...baseline,
    systolicMmHg: baseline.systolicMmHg + fraction * peakRise.systolicMmHg,
    diastolicMmHg: baseline.diastolicMmHg + fraction * peakRise.diastolicMmHg,
    heartRateBpm: baseline.heartRateBpm + fraction * peakRise.heartRateBpm,
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * One measurement of the course with measurement noise, rounded as a monitor shows it:
 * always a valid vital set (diastolic below systolic, SpO2 at most 100).
 */
export function sampleVitals(profile: CourseProfile, minutesSinceDose: number | null, random: Random): Required<VitalSet> {
  const expected = expectedVitals(profile, minutesSinceDose);
  const systolic = Math.round(clamp(expected.systolicMmHg + random.normal() * 4, 60, 260));
  const diastolic = Math.round(clamp(expected.diastolicMmHg + random.normal() * 3, 35, systolic - 15));
  return {
    systolicMmHg: systolic,
    diastolicMmHg: diastolic,
    heartRateBpm: Math.round(clamp(expected.heartRateBpm + random.normal() * 2.5, 35, 180)),
    spo2Percent: Math.round(clamp(expected.spo2Percent + random.normal() * 0.8, 88, 100)),
    respiratoryRatePerMin: Math.round(clamp(expected.respiratoryRatePerMin + random.normal() * 1.2, 8, 30)),
    temperatureC: Math.round(clamp(expected.temperatureC + random.normal() * 0.1, 35, 39) * 10) / 10,
  };
}

/**
 * A reproducible reading: the same seed, time and sample index always give the same values
 * (the demo clinic calls this on a timer; tests call it directly).
 */
export function courseVitals(options: {
  profile: CourseProfile;
  seed: string;
  minutesSinceDose: number | null;
  sampleIndex: number;
}): Required<VitalSet> {
  return sampleVitals(options.profile, options.minutesSinceDose, createRandom(`${options.seed}:${options.sampleIndex}`));
}
