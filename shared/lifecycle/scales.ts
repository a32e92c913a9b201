import type { ObservationBody } from '../observations/schema';
import type { DissociationScale } from './config';

/**
 * The therapist's scales as data for the UI and the rules (CLINICAL.md "Scales").
 */

export type MoaasScore = 0 | 1 | 2 | 3 | 4 | 5;

/** Spravato's sedation cut-offs: 4 mild, <= 3 moderate or deeper, 0 loss of consciousness. */
export type SedationDepth = 'none' | 'mild' | 'moderate_or_deeper' | 'loss_of_consciousness';

export interface MoaasLevel {
  score: MoaasScore;
  /** What the patient does at this level, as the scale words it. */
  label: string;
  depth: SedationDepth;
}

/** MOAA/S 0-5, highest (awake) first, with the wording of each level (CLINICAL.md "Scales"). */
export const MOAAS_LEVELS: readonly MoaasLevel[] = [
  { score: 5, label: 'Responds readily to name spoken in normal tone', depth: 'none' },
  { score: 4, label: 'Lethargic response to name spoken in normal tone', depth: 'mild' },
  { score: 3, label: 'Responds only after name is called loudly and/or repeatedly', depth: 'moderate_or_deeper' },
  { score: 2, label: 'Responds only after mild prodding or shaking', depth: 'moderate_or_deeper' },
  { score: 1, label: 'Responds only after painful trapezius squeeze', depth: 'moderate_or_deeper' },
  { score: 0, label: 'No response after painful trapezius squeeze', depth: 'loss_of_consciousness' },
];

/** The wording of one MOAA/S score, for timelines and reasons. */
export function moaasLabel(score: number): string {
  return MOAAS_LEVELS.find((level) => level.score === score)?.label ?? `MOAA/S ${score}`;
}

/** CADSS-6 short form: items 1, 2, 6, 7, 15, 22 of CADSS, each scored 0-4 (total 0-24). */
export const CADSS6_ITEM_NUMBERS = [1, 2, 6, 7, 15, 22] as const;
export const CADSS6_MAX_TOTAL = CADSS6_ITEM_NUMBERS.length * 4;

/** The CADSS-6 total shown beside the item scores: the plain sum of the six items. */
export function cadss6Total(itemScores: readonly number[]): number {
  return itemScores.reduce((sum, score) => sum + score, 0);
}

/**
 * A dissociation score on the clinic's scale (the CADSS-6 total or the 0-10 rating), or null
 * for any other observation (including a score on the other scale).
 */
export function dissociationScore(body: ObservationBody, scale: DissociationScale): number | null {
  if (scale === 'cadss6' && body.kind === 'cadss6') return cadss6Total(body.itemScores);
  if (scale === 'rating0to10' && body.kind === 'dissociation') return body.rating;
  return null;
}
