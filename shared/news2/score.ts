/**
 * NEWS2 (Royal College of Physicians 2017), exactly as tabulated in CLINICAL.md "NEWS2":
 * SpO2 scale 1 only; air assumed unless the input says the patient is on oxygen.
 * Consciousness comes from MOAA/S: 5 (responds readily to name) is Alert, anything lower is
 * not alert (voice, pain or unresponsive), which scores 3.
 *
 * Bands are bounded by each row's upper edge, so a device's fractional value (e.g. a
 * temperature of 36.05) falls in the band whose range it would round into.
 */

export type News2Points = 0 | 1 | 2 | 3;

export const NEWS2_PARAMETERS = [
  'respiratoryRatePerMin',
  'spo2Percent',
  'supplementalOxygen',
  'systolicMmHg',
  'heartRateBpm',
  'consciousness',
  'temperatureC',
] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

export interface News2Input {
  respiratoryRatePerMin?: number;
  spo2Percent?: number;
  /** Undefined means air (CLINICAL.md: air assumed unless an oxygen flag exists). */
  onSupplementalOxygen?: boolean;
  systolicMmHg?: number;
  heartRateBpm?: number;
  /** MOAA/S 0-5; 5 = alert. */
  moaas?: number;
  temperatureC?: number;
}

/** RCP 2017: 0-4 low, a single 3 (aggregate < 5) low-medium, 5-6 medium, >= 7 high. */
export type News2Band = 'low' | 'low_medium' | 'medium' | 'high';

export interface News2Result {
  /** Points of each parameter present in the input. */
  scores: Partial<Record<News2Parameter, News2Points>>;
  /** Sum of the parameters present: with some missing, the true score can only be higher. */
  aggregate: number;
  band: News2Band;
  /** Parameters that scored 3 on their own. */
  singleThrees: News2Parameter[];
  /** Parameters with no value (never `supplementalOxygen`, which defaults to air). */
  missing: News2Parameter[];
}

/** Upper edges (inclusive) of each band, left to right, with its points; last is open. */
type Bands = readonly (readonly [upTo: number, points: News2Points])[];

/**
 * The value as the table would read it: rounded half up to the table's precision (whole
 * numbers, or tenths for temperature). Without this a device's 36.04 degC would fall past the
 * 36.0 edge into the 0-point band although it reads 36.0 (1 point). The tiny nudge makes
 * binary halves such as 36.05 (stored as 36.04999...) round up as written.
 */
function asTabulated(value: number, decimals: 0 | 1): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale + 1e-9) / scale;
}

function byBands(value: number, bands: Bands, above: News2Points, decimals: 0 | 1 = 0): News2Points {
  const tabulated = asTabulated(value, decimals);
  for (const [upTo, points] of bands) if (tabulated <= upTo) return points;
  return above;
}

// CLINICAL.md "NEWS2" table, row by row.
const RESPIRATORY_RATE: Bands = [
  [8, 3],
  [11, 1],
  [20, 0],
  [24, 2],
]; // >= 25: 3
const SPO2_SCALE_1: Bands = [
  [91, 3],
  [93, 2],
  [95, 1],
]; // >= 96: 0
const SYSTOLIC: Bands = [
  [90, 3],
  [100, 2],
  [110, 1],
  [219, 0],
]; // >= 220: 3
const PULSE: Bands = [
  [40, 3],
  [50, 1],
  [90, 0],
  [110, 1],
  [130, 2],
]; // >= 131: 3
const TEMPERATURE: Bands = [
  [35.0, 3],
  [36.0, 1],
  [38.0, 0],
  [39.0, 1],
]; // >= 39.1: 2

/** The measured vitals NEWS2 scores by a row of bands (consciousness and oxygen are read otherwise). */
export type News2Vital = 'respiratoryRatePerMin' | 'spo2Percent' | 'systolicMmHg' | 'heartRateBpm' | 'temperatureC';

/**
 * The points of one vital's value on its own row of the table: what `scoreNews2` gives that
 * parameter. The alarm rules ask it for every sample of a run they weigh (rules/news2.ts).
 */
export function news2VitalPoints(vital: News2Vital, value: number): News2Points {
  switch (vital) {
    case 'respiratoryRatePerMin':
      return byBands(value, RESPIRATORY_RATE, 3);
    case 'spo2Percent':
      return byBands(value, SPO2_SCALE_1, 0);
    case 'systolicMmHg':
      return byBands(value, SYSTOLIC, 3);
    case 'heartRateBpm':
      return byBands(value, PULSE, 3);
    case 'temperatureC':
      return byBands(value, TEMPERATURE, 2, 1);
  }
}

/** How consciousness is read from MOAA/S. */
export interface News2Options {
  /**
   * MOAA/S at or below this scores 3. RCP 2017 (CLINICAL.md "NEWS2"): anything but alert, so 4
   * (the default). During a protocol's expected sedation the alarm rules pass the protocol's
   * own MOAA/S limit instead (shared/alerts/rules/news2.ts).
   */
  consciousnessThreeAtOrBelowMoaas?: number;
}

/** Points for each parameter, aggregate and band. Pure; missing parameters score nothing. */
export function scoreNews2(input: News2Input, options: News2Options = {}): News2Result {
  const threeAtOrBelow = options.consciousnessThreeAtOrBelowMoaas ?? 4;
  const scores: Partial<Record<News2Parameter, News2Points>> = {};
  const missing: News2Parameter[] = [];
  const put = (parameter: News2Parameter, points: News2Points | null) => {
    if (points === null) missing.push(parameter);
    else scores[parameter] = points;
  };
  const when = (value: number | undefined, score: (v: number) => News2Points) => (value === undefined ? null : score(value));

  put(
    'respiratoryRatePerMin',
    when(input.respiratoryRatePerMin, (v) => news2VitalPoints('respiratoryRatePerMin', v)),
  );
  put(
    'spo2Percent',
    when(input.spo2Percent, (v) => news2VitalPoints('spo2Percent', v)),
  );
  put('supplementalOxygen', input.onSupplementalOxygen === true ? 2 : 0);
  put(
    'systolicMmHg',
    when(input.systolicMmHg, (v) => news2VitalPoints('systolicMmHg', v)),
  );
  put(
    'heartRateBpm',
    when(input.heartRateBpm, (v) => news2VitalPoints('heartRateBpm', v)),
  );
  put(
    'consciousness',
    when(input.moaas, (v) => (asTabulated(v, 0) <= threeAtOrBelow ? 3 : 0)),
  );
  put(
    'temperatureC',
    when(input.temperatureC, (v) => news2VitalPoints('temperatureC', v)),
  );

  const aggregate = Object.values(scores).reduce<number>((sum, points) => sum + points, 0);
  const singleThrees = NEWS2_PARAMETERS.filter((parameter) => scores[parameter] === 3);
  return { scores, aggregate, band: news2Band(aggregate, singleThrees.length > 0), singleThrees, missing };
}

/** The RCP clinical-risk band of an aggregate score. */
export function news2Band(aggregate: number, anySingleThree: boolean): News2Band {
  if (aggregate >= 7) return 'high';
  if (aggregate >= 5) return 'medium';
  return anySingleThree ? 'low_medium' : 'low';
}
