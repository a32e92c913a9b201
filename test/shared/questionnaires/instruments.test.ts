import { describe, expect, it } from 'vitest';
import {
  INSTRUMENT_DEFINITIONS,
  questionnaireAnswersSchema,
  questionnaireTotal,
  scoreQuestionnaire,
  selfHarmPositive,
  severityBand,
} from '../../../shared/questionnaires/instruments';
import { parseInput } from '../../../shared/validation';

/** Answers that add up to `total` (3s first), for an instrument of `items` items. */
function answersFor(total: number, items: number): number[] {
  return Array.from({ length: items }, (_, index) => Math.max(0, Math.min(3, total - index * 3)));
}

/** The totals tested in each band: at and either side of each edge. */
const BAND_TOTALS = [
  {
    instrument: 'phq9',
    items: 9,
    title: 'PHQ-9 severity bands (Kroenke, Spitzer & Williams 2001)',
    totals: { minimal: [0, 4], mild: [5, 6, 9], moderate: [10, 11, 14], moderately_severe: [15, 16, 19], severe: [20, 21, 27] },
  },
  {
    instrument: 'gad7',
    items: 7,
    title: 'GAD-7 severity bands (Spitzer et al. 2006)',
    totals: { minimal: [0, 4], mild: [5, 6, 9], moderate: [10, 11, 14], severe: [15, 16, 21] },
  },
] as const;

describe.each(BAND_TOTALS)('$title, at and either side of each edge', ({ instrument, items, totals }) => {
  const cases = Object.entries<readonly number[]>(totals).flatMap(([severity, bandTotals]) =>
    bandTotals.map((total) => ({ total, severity })),
  );
  it.each(cases)('total $total -> $severity', ({ total, severity }) => {
    expect(severityBand(instrument, total).severity).toBe(severity);
    expect(scoreQuestionnaire({ instrument, answers: answersFor(total, items) })).toMatchObject({ total, band: { severity } });
  });
});

describe('scoring and the answers it accepts', () => {
  it('the bands of each instrument cover 0..max with no gap or overlap', () => {
    for (const definition of Object.values(INSTRUMENT_DEFINITIONS)) {
      const covered = definition.bands.flatMap((band) =>
        Array.from({ length: band.toScore - band.fromScore + 1 }, (_, i) => band.fromScore + i),
      );
      expect(covered).toEqual(Array.from({ length: definition.maxTotal + 1 }, (_, i) => i));
      expect(definition.maxTotal).toBe(definition.items.length * 3);
    }
  });

  it('a total outside the range is a programming error, not a band', () => {
    expect(() => severityBand('phq9', 28)).toThrow(RangeError);
    expect(() => severityBand('gad7', -1)).toThrow(RangeError);
  });

  it('the total is the sum of the items', () => {
    expect(questionnaireTotal([0, 1, 2, 3, 0, 1, 2, 3, 1])).toBe(13);
  });

  it('refuses a skipped item, an answer outside 0-3 and a fraction, each at its path', () => {
    const short = parseInput(questionnaireAnswersSchema, { instrument: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0] });
    expect(short).toMatchObject({ ok: false, error: { issues: [{ path: ['answers'], message: 'PHQ-9 has 9 items: answer every one' }] } });
    const gadTooLong = parseInput(questionnaireAnswersSchema, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(gadTooLong).toMatchObject({ ok: false, error: { issues: [{ message: 'GAD-7 has 7 items: answer every one' }] } });
    const outOfRange = parseInput(questionnaireAnswersSchema, { instrument: 'gad7', answers: [0, 0, 4, 0, 0, 0, 0] });
    expect(outOfRange).toMatchObject({ ok: false, error: { issues: [{ path: ['answers', 2], message: 'Each answer is 0, 1, 2 or 3' }] } });
    expect(parseInput(questionnaireAnswersSchema, { instrument: 'gad7', answers: [0, 0, 1.5, 0, 0, 0, 0] }).ok).toBe(false);
    expect(parseInput(questionnaireAnswersSchema, { instrument: 'gad7', answers: [0, 0, 1, 0, 0, 0, 0] }).ok).toBe(true);
  });
});

describe('PHQ-9 item 9 (thoughts of self-harm)', () => {
  const phq9 = (item9: number, rest = 0) => ({ instrument: 'phq9' as const, answers: [...Array<number>(8).fill(rest), item9] });
  it.each([
    { item9: 0, positive: false },
    { item9: 1, positive: true },
    { item9: 2, positive: true },
    { item9: 3, positive: true },
  ])('answered $item9 -> $positive, whatever the total', ({ item9, positive }) => {
    expect(selfHarmPositive(phq9(item9))).toBe(positive);
    expect(selfHarmPositive(phq9(item9, 3))).toBe(positive);
  });
  it('only PHQ-9 has an item 9: a GAD-7 is never positive', () => {
    expect(selfHarmPositive({ instrument: 'gad7', answers: [3, 3, 3, 3, 3, 3, 3] })).toBe(false);
  });
});
