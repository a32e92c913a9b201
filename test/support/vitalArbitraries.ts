import fc from 'fast-check';
import type { VitalSet } from '../../shared/vitals/schema';

/**
 * Any subset of a vital set, each value within what a monitor or a nurse could send (the
 * alarm limits sit inside these ranges, so the property tests cross them both ways). With
 * `temperature`, a temperature too: left out, it is the vital a monitor never sends.
 */
export function vitalSetArb({ temperature }: { temperature: boolean }): fc.Arbitrary<VitalSet> {
  return fc.record(
    {
      systolicMmHg: fc.integer({ min: 80, max: 215 }),
      diastolicMmHg: fc.integer({ min: 45, max: 125 }),
      heartRateBpm: fc.integer({ min: 35, max: 160 }),
      spo2Percent: fc.integer({ min: 82, max: 100 }),
      respiratoryRatePerMin: fc.integer({ min: 6, max: 30 }),
      ...(temperature ? { temperatureC: fc.integer({ min: 35, max: 40 }) } : {}),
    },
    { requiredKeys: [] },
  );
}
