import { z } from 'zod';
import { idSchema } from '../ids';

/**
 * The therapist's observations. MOAA/S 0-5 and CADSS-6 items 1, 2, 6, 7, 15, 22 scored
 * 0-4 each (CLINICAL.md "Scales"); a single 0-10 dissociation rating for clinics that
 * prefer it.
 */
export const observationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('moaas'), score: z.number().int().min(0).max(5) }),
  z.strictObject({
    kind: z.literal('cadss6'),
    itemScores: z.array(z.number().int().min(0).max(4)).length(6),
  }),
  z.strictObject({ kind: z.literal('dissociation'), rating: z.number().int().min(0).max(10) }),
  z.strictObject({ kind: z.literal('peak') }),
  z.strictObject({ kind: z.literal('returned_to_baseline') }),
  z.strictObject({ kind: z.literal('nausea'), vomiting: z.boolean() }),
  z.strictObject({ kind: z.literal('note'), text: z.string().trim().min(1).max(2000) }),
  /** One item of a discharge score (modified Aldrete's activity ...) scored by a named person. */
  z.strictObject({ kind: z.literal('score_item'), scoreId: idSchema, itemId: idSchema, points: z.number().int().min(0).max(10) }),
]);

export type ObservationBody = z.infer<typeof observationSchema>;
export type ObservationKind = ObservationBody['kind'];
