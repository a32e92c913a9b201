import { z } from 'zod';
import { epochMsSchema } from '../ids';
import { requiredText } from '../text';

/**
 * Small schemas shared by the lifecycle events (session/events.ts) and the realtime
 * requests (realtime/requests.ts), so the wire and the record agree.
 */

/** Which checklist a tick belongs to. */
export const checklistKindSchema = z.enum(['pre_dose', 'discharge'], {
  error: 'The checklist must be "pre_dose" or "discharge"',
});
export type ChecklistKind = z.infer<typeof checklistKindSchema>;

/** A reason a person gives (override, ending early, amendment): required, never blank. */
export const reasonSchema = requiredText('A reason is required', 500, 'A reason is at most 500 characters');

/** An optional short note on a tick or an acknowledgement. */
export const noteSchema = z.string().trim().max(500, { error: 'A note is at most 500 characters' });

/** A lot number as printed on the package (may be blank when unknown). */
export const lotNumberSchema = z.string().trim().max(40, { error: 'A lot number is at most 40 characters' });

/**
 * What an amendment corrects. `dose_time` moves a dose's administration time (and so the
 * observation clock); `dose_lot` fixes its lot number; `note` attaches a correction note to
 * any earlier event.
 */
export const amendmentChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('dose_time'), administeredAt: epochMsSchema }),
    z.strictObject({ kind: z.literal('dose_lot'), lotNumber: lotNumberSchema }),
    z.strictObject({
      kind: z.literal('note'),
      text: z.string().trim().min(1, { error: 'The correction note is empty' }).max(2000),
    }),
  ],
  { error: 'An amendment must be a dose_time, dose_lot or note change' },
);
export type AmendmentChange = z.infer<typeof amendmentChangeSchema>;

/** Where the patient went at the end of monitoring (see DISPOSITION_LABELS in session/state.ts). */
export const dispositionSchema = z.enum(['home', 'emergency_transfer', 'against_advice'], {
  error: 'The disposition must be home, emergency_transfer or against_advice',
});

/** Intranasal device count: Spravato 56 mg is 2 devices, 84 mg is 3 (28 mg each). */
export const deviceCountSchema = z
  .number({ error: 'The device count must be a number' })
  .int({ error: 'The device count must be a whole number' })
  .min(1, { error: 'At least one device' })
  .max(10, { error: 'At most 10 devices in one entry' });

export const mgPerKgSchema = z
  .number({ error: 'The dose per kg must be a number' })
  .positive({ error: 'The dose per kg must be above 0' })
  .max(10, { error: 'A dose above 10 mg/kg is not plausible — please re-check' });

export const weightKgSchema = z
  .number({ error: 'The weight must be a number of kg' })
  .min(20, { error: 'A weight below 20 kg is not plausible — please re-check' })
  .max(350, { error: 'A weight above 350 kg is not plausible — please re-check' });
