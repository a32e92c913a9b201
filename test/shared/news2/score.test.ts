import { describe, expect, it } from 'vitest';
import { news2Band, scoreNews2 } from '../../../shared/news2/score';

/** Each row of CLINICAL.md's NEWS2 table: [value, points] at and around every band edge. */
const ROWS = {
  respiratoryRatePerMin: [
    [7, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [26, 3],
  ],
  spo2Percent: [
    [90, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ],
  systolicMmHg: [
    [89, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [221, 3],
  ],
  heartRateBpm: [
    [39, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [132, 3],
  ],
  temperatureC: [
    [34.9, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [40, 2],
  ],
} as const;

describe('NEWS2 parameter scores (RCP 2017)', () => {
  for (const [parameter, rows] of Object.entries(ROWS)) {
    it.each(rows.map(([value, points]) => ({ value, points })))(`${parameter} $value scores $points`, ({ value, points }) => {
      expect(scoreNews2({ [parameter]: value }).scores[parameter as keyof typeof ROWS]).toBe(points);
    });
  }

  it.each([
    { moaas: 5, points: 0 },
    { moaas: 4, points: 3 },
    { moaas: 1, points: 3 },
    { moaas: 0, points: 3 },
  ])('consciousness: MOAA/S $moaas scores $points (5 = alert)', ({ moaas, points }) => {
    expect(scoreNews2({ moaas }).scores.consciousness).toBe(points);
  });

  it('air is assumed (0) unless on oxygen (2)', () => {
    expect(scoreNews2({}).scores.supplementalOxygen).toBe(0);
    expect(scoreNews2({ onSupplementalOxygen: true }).scores.supplementalOxygen).toBe(2);
  });

  it('a fractional device value falls in the band it would round into', () => {
    expect(scoreNews2({ temperatureC: 36.05 }).scores.temperatureC).toBe(0);
    expect(scoreNews2({ temperatureC: 35.05 }).scores.temperatureC).toBe(1);
  });

  it.each([
    { temperatureC: 35.04, points: 3 },
    { temperatureC: 35.05, points: 1 },
    { temperatureC: 36.04, points: 1 },
    { temperatureC: 36.05, points: 0 },
    { temperatureC: 38.04, points: 0 },
    { temperatureC: 38.05, points: 1 },
    { temperatureC: 39.04, points: 1 },
    { temperatureC: 39.05, points: 2 },
  ])('temperature $temperatureC reads as the table does (tenths, half up): $points', ({ temperatureC, points }) => {
    expect(scoreNews2({ temperatureC }).scores.temperatureC).toBe(points);
  });

  it.each([
    { heartRateBpm: 90.4, points: 0 },
    { heartRateBpm: 90.5, points: 1 },
    { heartRateBpm: 40.4, points: 3 },
    { heartRateBpm: 40.5, points: 1 },
  ])('a fractional pulse reads as whole beats: $heartRateBpm scores $points', ({ heartRateBpm, points }) => {
    expect(scoreNews2({ heartRateBpm }).scores.heartRateBpm).toBe(points);
  });
});

describe('NEWS2 aggregate and band', () => {
  it('sums the parameters present and lists the missing ones', () => {
    const result = scoreNews2({ respiratoryRatePerMin: 22, spo2Percent: 95, systolicMmHg: 105, heartRateBpm: 95 });
    expect(result.aggregate).toBe(2 + 1 + 1 + 1);
    expect(result.missing).toEqual(['consciousness', 'temperatureC']);
    expect(result.band).toBe('medium');
  });

  it('a complete normal set scores 0, low', () => {
    const result = scoreNews2({
      respiratoryRatePerMin: 14,
      spo2Percent: 98,
      systolicMmHg: 125,
      heartRateBpm: 72,
      moaas: 5,
      temperatureC: 36.8,
    });
    expect(result).toMatchObject({ aggregate: 0, band: 'low', singleThrees: [], missing: [] });
  });

  it.each([
    { aggregate: 0, three: false, band: 'low' },
    { aggregate: 4, three: false, band: 'low' },
    { aggregate: 3, three: true, band: 'low_medium' },
    { aggregate: 4, three: true, band: 'low_medium' },
    { aggregate: 5, three: false, band: 'medium' },
    { aggregate: 5, three: true, band: 'medium' },
    { aggregate: 6, three: false, band: 'medium' },
    { aggregate: 7, three: false, band: 'high' },
    { aggregate: 8, three: true, band: 'high' },
  ])('aggregate $aggregate (single 3: $three) is $band', ({ aggregate, three, band }) => {
    expect(news2Band(aggregate, three)).toBe(band);
  });

  it('reports every parameter that scored 3 on its own', () => {
    expect(scoreNews2({ respiratoryRatePerMin: 8, heartRateBpm: 131, spo2Percent: 96 }).singleThrees).toEqual([
      'respiratoryRatePerMin',
      'heartRateBpm',
    ]);
  });
});
