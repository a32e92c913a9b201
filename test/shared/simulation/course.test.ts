import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOruR01 } from '../../../shared/hl7/build';
import { parseOruR01 } from '../../../shared/hl7/oru';
import {
  COURSE_PROFILES,
  courseProfile,
  courseVitals,
  expectedVitals,
  riseFraction,
  sampleVitals,
} from '../../../shared/simulation/course';
import { monitorObservations, simulatedDeviceId } from '../../../shared/simulation/monitor';
import { createRandom } from '../../../shared/simulation/random';
import { vitalSetSchema } from '../../../shared/vitals/schema';

describe('seeded random source', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = createRandom('room-3');
    const b = createRandom('room-3');
    const c = createRandom('room-4');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('ketamine course', () => {
  it('rises from nothing before the dose to its peak at the peak minute and settles over about two hours', () => {
    expect(riseFraction(null, 40)).toBe(0);
    expect(riseFraction(-5, 40)).toBe(0);
    expect(riseFraction(40, 40)).toBeCloseTo(1, 10);
    expect(riseFraction(39, 40)).toBeLessThan(1);
    expect(riseFraction(41, 40)).toBeLessThan(1);
    expect(riseFraction(20, 40)).toBeGreaterThan(0.5);
    expect(riseFraction(120, 40)).toBeLessThan(0.3);
    expect(riseFraction(160, 40)).toBeLessThan(0.1);
  });

  it('the typical profile peaks at the Yale mean rise (+16/+11 mmHg)', () => {
    const typical = COURSE_PROFILES.find((p) => p.name === 'typical')!;
    const peak = expectedVitals(typical, 40);
    expect(peak.systolicMmHg - typical.baseline.systolicMmHg).toBeCloseTo(16, 6);
    expect(peak.diastolicMmHg - typical.baseline.diastolicMmHg).toBeCloseTo(11, 6);
  });

  it('every sample is a valid vital set, at any time, for any seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.double({ min: -60, max: 400, noNaN: true })),
        fc.string(),
        (profile, minutes, seed) => {
          const vitals = sampleVitals(courseProfile(profile), minutes, createRandom(seed));
          expect(vitalSetSchema.safeParse(vitals).success).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('courseVitals is reproducible by seed and sample index', () => {
    const options = { profile: courseProfile(1), seed: 'demo-session-1', minutesSinceDose: 25, sampleIndex: 7 };
    expect(courseVitals(options)).toEqual(courseVitals(options));
    expect(courseVitals({ ...options, sampleIndex: 8 })).not.toEqual(courseVitals(options));
  });
});

describe('simulated monitor output', () => {
  const at = Date.UTC(2026, 10, 23, 12, 0);
  const message = (observations: ReturnType<typeof monitorObservations>['observations']) =>
    buildOruR01({
      sendingApplication: 'VIGIL-SIM',
      sendingFacility: 'room-3',
      controlId: 'X1',
      sentAt: at,
      offsetMinutes: 60,
      equipmentId: simulatedDeviceId('room-3'),
      location: 'room-3',
      patientAlias: 'SIM',
      observedAt: at,
      observations,
    });

  it('without faults, the parser reads back exactly the simulated vitals', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 200, noNaN: true }), (seed, minutes) => {
        const random = createRandom(seed);
        const vitals = sampleVitals(courseProfile(1), minutes, random);
        const { observations, faults } = monitorObservations(vitals, random, { sentinelChance: 0, artifactChance: 0 });
        expect(faults).toEqual([]);
        const parsed = parseOruR01(message(observations), { defaultOffsetMinutes: 0 });
        expect(parsed.ok && parsed.oru.readings).toEqual([{ observedAt: at, vitals, rows: [2, 3, 4, 5, 6, 7] }]);
      }),
      { numRuns: 300 },
    );
  });

  it('sentinels it sends are dropped by the parser, never stored', () => {
    const random = createRandom('sentinels');
    const vitals = sampleVitals(courseProfile(0), 10, random);
    const { observations, faults } = monitorObservations(vitals, random, { sentinelChance: 1, artifactChance: 0 });
    expect(faults).toHaveLength(6);
    const parsed = parseOruR01(message(observations), { defaultOffsetMinutes: 0 });
    expect(parsed.ok && parsed.oru.readings).toEqual([]);
    expect(parsed.ok && parsed.oru.dropped.every((d) => d.reason === 'sentinel')).toBe(true);
  });

  it('an artifact is plausible, so it is stored for the nurse to mark', () => {
    const random = createRandom('artifact');
    const vitals = sampleVitals(courseProfile(1), 30, random);
    const { observations, faults } = monitorObservations(vitals, random, { sentinelChance: 0, artifactChance: 1 });
    expect(faults).toHaveLength(1);
    const parsed = parseOruR01(message(observations), { defaultOffsetMinutes: 0 });
    expect(parsed.ok && parsed.oru.readings).toHaveLength(1);
    expect(simulatedDeviceId('room-3')).toMatch(/^[0-9A-F]{16}$/);
  });
});
