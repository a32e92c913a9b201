import { z } from 'zod';
import { idSchema } from '../ids';
import { roleSchema } from '../roles';
import { dischargeScoreSchema, regulatoryFloorSchema } from './scoreConfig';

/**
 * Session-lifecycle settings that live in protocol data (see shared/protocols): the
 * pre-dose checklist, the discharge checklist and the dissociation scale the clinic uses.
 * Defaults are built in defaults.ts, each with its CLINICAL.md source.
 */

const labelSchema = z
  .string({ error: 'A checklist item needs a label' })
  .trim()
  .min(1, { error: 'A checklist item needs a label' })
  .max(200, { error: 'A checklist label is at most 200 characters' });

const rolesAllowedSchema = z.array(roleSchema).min(1, { error: 'At least one role must be allowed to tick this item' });

/** Ids must be unique inside one checklist: ticks refer to items by id. */
function uniqueIds<T extends { id: string }>(items: T[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `The item id "${item.id}" is used twice` });
    }
    seen.add(item.id);
  });
}

/** One pre-dose checklist item, ticked by a named person of one of the allowed roles. */
export const preDoseChecklistItemSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  rolesAllowed: rolesAllowedSchema,
});

/** The pre-dose checklist: every item must be ticked before the dose can be recorded. */
export const preDoseChecklistConfigSchema = z.array(preDoseChecklistItemSchema).superRefine(uniqueIds);

/** A practical discharge item (escort present, instructions given ...), ticked by a person. */
export const practicalDischargeItemSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  rolesAllowed: rolesAllowedSchema,
  /** The tick must carry a date (e.g. the integration session booked for that day). */
  needsDate: z.boolean().optional(),
});

/** The discharge checklist's settings; clinical items are evaluated from the record. */
export const dischargeConfigSchema = z.strictObject({
  /** Latest vitals within this percent of the pre-dose baseline (PADSS: 20). */
  vitalsWithinPercentOfBaseline: z
    .number({ error: 'The vitals range must be a number of percent' })
    .positive({ error: 'The vitals range must be above 0%' })
    .max(100, { error: 'The vitals range is at most 100%' }),
  /** The MOAA/S score the patient must be back to (5: responds readily to name). */
  requiredMoaasScore: z.number().int().min(0).max(5),
  practicalItems: z.array(practicalDischargeItemSchema).superRefine(uniqueIds),
  // The fields below were added later: protocol JSON stored before them has none, and
  // `dischargeRulesOf` (dischargeRules.ts) supplies what their absence means.
  /** Scores whose totals must reach their pass mark (modified Aldrete, PADSS). Absent: none. */
  scores: z.array(dischargeScoreSchema).superRefine(uniqueIds).optional(),
  /** A blood pressure (and any vital a score reads) must be at most this old at discharge. */
  recentReadingMinutes: z
    .number({ error: 'The recent-reading window must be a number of minutes' })
    .int({ error: 'The recent-reading window must be whole minutes' })
    .min(1, { error: 'The recent-reading window is at least 1 minute' })
    .max(240, { error: 'The recent-reading window is at most 240 minutes' })
    .optional(),
  /** A legal minimum from the first dose that no override can pass (Spravato REMS: 120 min). */
  regulatoryFloor: regulatoryFloorSchema.optional(),
});

/** How the clinic records dissociation: CADSS-6 item scores or a single 0-10 rating. */
export const dissociationScaleSchema = z.enum(['cadss6', 'rating0to10']);

export type PreDoseChecklistItem = z.infer<typeof preDoseChecklistItemSchema>;
export type PreDoseChecklistConfig = z.infer<typeof preDoseChecklistConfigSchema>;
export type PracticalDischargeItem = z.infer<typeof practicalDischargeItemSchema>;
export type DischargeConfig = z.infer<typeof dischargeConfigSchema>;
export type DissociationScale = z.infer<typeof dissociationScaleSchema>;
