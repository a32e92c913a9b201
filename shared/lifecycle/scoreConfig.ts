import { z } from 'zod';
import { idSchema } from '../ids';
import { roleSchema } from '../roles';

/**
 * A discharge score as protocol data (modified Aldrete, PADSS ...): items scored 0-2 (or any
 * small range), each either scored from the record by one of a few fixed rules whose numbers
 * are data, or scored by a named person who picks one of the item's options. The total must
 * reach `passAtTotal`. Built-in scores with their sources: scoreDefaults.ts.
 */

const points = z
  .number({ error: 'Points must be a number' })
  .int({ error: 'Points must be whole' })
  .min(0, { error: 'Points cannot be negative' })
  .max(10, { error: 'An item scores at most 10 points' });

const textSchema = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(200, { error: `${what} is at most 200 characters` });

/** What each score of an item means, in the published score's words ("Moves all four limbs"). */
export const scoreOptionSchema = z.strictObject({ points, label: textSchema('An option label') });
export type ScoreOption = z.infer<typeof scoreOptionSchema>;

const scoredVitalSchema = z.enum(['systolicMmHg', 'diastolicMmHg', 'heartRateBpm'], {
  error: 'A compared vital sign must be systolicMmHg, diastolicMmHg or heartRateBpm',
});
export type ScoredVital = z.infer<typeof scoredVitalSchema>;

/** Bands are tried in order; the first that holds gives its points, none gives 0. */
export const scoreSourceSchema = z.discriminatedUnion(
  'kind',
  [
    /** A named person of one of these roles picks an option. */
    z.strictObject({
      kind: z.literal('person'),
      rolesAllowed: z.array(roleSchema).min(1, { error: 'At least one role must be allowed to score this item' }),
    }),
    /** The latest MOAA/S since the dose: the first band whose `atLeast` it reaches. */
    z.strictObject({
      kind: z.literal('moaas'),
      bands: z.array(z.strictObject({ atLeast: z.number().int().min(0).max(5), points })).min(1),
    }),
    /** The latest SpO2 since the dose (recent enough): the first band it is strictly above. */
    z.strictObject({
      kind: z.literal('spo2'),
      bands: z.array(z.strictObject({ abovePercent: z.number().min(50).max(100), points })).min(1),
    }),
    /** Latest values against the pre-dose baseline in mmHg: every listed vital within the band. */
    z.strictObject({
      kind: z.literal('change_from_baseline_mmhg'),
      vitals: z.array(scoredVitalSchema).min(1),
      bands: z.array(z.strictObject({ withinMmHg: z.number().int().min(0).max(200), points })).min(1),
    }),
    /** Latest values against the pre-dose baseline in percent: every listed vital within the band. */
    z.strictObject({
      kind: z.literal('change_from_baseline_percent'),
      vitals: z.array(scoredVitalSchema).min(1),
      bands: z.array(z.strictObject({ withinPercent: z.number().positive().max(100), points })).min(1),
    }),
  ],
  { error: 'A score item is scored by a person, or from MOAA/S, SpO2 or the change from baseline' },
);
export type ScoreSource = z.infer<typeof scoreSourceSchema>;

export const scoreItemSchema = z
  .strictObject({
    id: idSchema,
    label: textSchema('An item label'),
    /** Every possible score of the item with its wording, highest first. */
    options: z.array(scoreOptionSchema).min(2, { error: 'An item needs at least two options' }),
    source: scoreSourceSchema,
  })
  .superRefine((item, ctx) => {
    const allowed = new Set(item.options.map((option) => option.points));
    if (allowed.size !== item.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each option must score differently' });
    if (item.source.kind === 'person') return;
    item.source.bands.forEach((band, index) => {
      if (!allowed.has(band.points)) {
        ctx.addIssue({
          code: 'custom',
          path: ['source', 'bands', index, 'points'],
          message: `${band.points} points is not one of the item's options`,
        });
      }
    });
    if (!allowed.has(0))
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'An item scored from the record needs a 0-point option' });
  });
export type ScoreItem = z.infer<typeof scoreItemSchema>;

export const dischargeScoreSchema = z
  .strictObject({
    id: idSchema,
    /** "Modified Aldrete", "PADSS". */
    name: textSchema('A score name'),
    /** Discharge needs a total at or above this. */
    passAtTotal: z.number({ error: 'The pass mark must be a number' }).int().min(1, { error: 'The pass mark is at least 1' }),
    items: z.array(scoreItemSchema).min(1, { error: 'A score needs at least one item' }),
  })
  .superRefine((score, ctx) => {
    const seen = new Set<string>();
    score.items.forEach((item, index) => {
      if (seen.has(item.id))
        ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: `The item id "${item.id}" is used twice` });
      seen.add(item.id);
    });
    const max = score.items.reduce((sum, item) => sum + Math.max(...item.options.map((option) => option.points)), 0);
    if (score.passAtTotal > max)
      ctx.addIssue({ code: 'custom', path: ['passAtTotal'], message: `The pass mark cannot be above the maximum total ${max}` });
  });
export type DischargeScore = z.infer<typeof dischargeScoreSchema>;

/** A legal floor on the time from the first dose (first device) to discharge home. */
export const regulatoryFloorSchema = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Who sets it, shown in the refusal ("Spravato REMS"). */
  source: textSchema('The source of the floor'),
});
export type RegulatoryFloor = z.infer<typeof regulatoryFloorSchema>;

/** The highest points an item can give. */
export function maxPoints(item: ScoreItem): number {
  return Math.max(...item.options.map((option) => option.points));
}
