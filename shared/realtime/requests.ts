import { z } from 'zod';
import { birthYearSchema } from '../patients/patient';
import { completedBySchema, instrumentSchema, questionnaireAnswersSchema } from '../questionnaires/instruments';
import { commandIdSchema, epochMsSchema, idSchema } from '../ids';
import { doseMgSchema, requiredText } from '../text';
import { manualVitalSetSchema } from '../vitals/schema';
import { observationSchema } from '../observations/schema';
import {
  amendmentChangeSchema,
  checklistKindSchema,
  deviceCountSchema,
  dispositionSchema,
  lotNumberSchema,
  mgPerKgSchema,
  noteSchema,
  reasonSchema,
  weightKgSchema,
} from '../lifecycle/schemas';
import { resolveDoseMg } from '../lifecycle/dose';
import { alarmIdSchema } from '../alerts/types';
import { alarmEventPayloadSchemas } from '../alerts/events';

/** Inbound payload schemas, one per client-to-server event. Every handler parses first. */
export const sessionWatchRequestSchema = z.strictObject({
  sessionId: idSchema,
  /** The highest seq the client already holds; 0 for none. */
  afterSeq: z.number().int().min(0),
  /**
   * 'display': a snapshot (when one is sent) carries older device readings thinned to what a
   * screen can draw (shared/session/displaySnapshot.ts); 'full' (the default): every reading.
   */
  readings: z.enum(['full', 'display']).optional(),
});

/** Longest span one `session.readingsInInterval` may ask for: an hour of a monitor at 1/s. */
export const READINGS_INTERVAL_MAX_MS = 60 * 60_000;

export const sessionReadingsInIntervalRequestSchema = z
  .strictObject({ sessionId: idSchema, from: epochMsSchema, to: epochMsSchema })
  .refine((request) => request.to > request.from && request.to - request.from <= READINGS_INTERVAL_MAX_MS, {
    message: 'to must be after from, at most an hour later',
    path: ['to'],
  });

export const sessionUnwatchRequestSchema = z.strictObject({ sessionId: idSchema });

export const vitalsRecordRequestSchema = z.strictObject({
  commandId: commandIdSchema,
  sessionId: idSchema,
  /** "Measured at": defaults to now in the entry panel, may be set earlier. */
  observedAt: epochMsSchema,
  vitals: manualVitalSetSchema,
});

export const timeSyncRequestSchema = z.strictObject({ clientSentAt: z.number().finite() });

export type SessionWatchRequest = z.infer<typeof sessionWatchRequestSchema>;
export type VitalsRecordRequest = z.infer<typeof vitalsRecordRequestSchema>;

export const clinicWatchRequestSchema = z.strictObject({});

// Session lifecycle commands. The phase machine (lifecycle/phases.ts) decides
// whether each may run now; these only check the shape.
const commandBase = { commandId: commandIdSchema, sessionId: idSchema };

export const checklistTickRequestSchema = z.strictObject({
  ...commandBase,
  checklist: checklistKindSchema,
  itemId: idSchema,
  note: noteSchema.optional(),
  /** Items that need a date (integration session booked): that date, epoch ms. */
  date: epochMsSchema.optional(),
});

export const checklistUntickRequestSchema = z.strictObject({
  ...commandBase,
  checklist: checklistKindSchema,
  itemId: idSchema,
});

export const predoseAcknowledgeAdvisoryRequestSchema = z.strictObject({
  ...commandBase,
  reason: noteSchema.optional(),
});

/**
 * A dose: mg as given, or mg/kg with the weight (then doseMg may be left out; if given it
 * must agree). observedAt is when it was given (intranasal: the first device).
 */
export const doseRecordRequestSchema = z
  .strictObject({
    ...commandBase,
    observedAt: epochMsSchema,
    drug: z.string({ error: 'Enter the drug' }).trim().min(1, { error: 'Enter the drug' }).max(80),
    route: z.string({ error: 'Enter the route' }).trim().min(1, { error: 'Enter the route' }).max(40),
    lotNumber: lotNumberSchema,
    doseMg: doseMgSchema('A dose above 1000 mg is not plausible — please re-check').optional(),
    mgPerKg: mgPerKgSchema.optional(),
    weightKg: weightKgSchema.optional(),
    deviceCount: deviceCountSchema.optional(),
    /** This entry is a further device of that dose (its clock keeps counting from the first device). */
    deviceOfDoseId: idSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const resolved = resolveDoseMg(value);
    if (!resolved.ok) {
      for (const issue of resolved.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

export const observationRecordRequestSchema = z.strictObject({
  ...commandBase,
  observedAt: epochMsSchema,
  observation: observationSchema,
});

/** A PHQ-9 or GAD-7 before the dose; the questionnaire's id is the command id. */
export const questionnaireRecordRequestSchema = z.strictObject({
  ...commandBase,
  observedAt: epochMsSchema,
  questionnaire: questionnaireAnswersSchema,
  completedBy: completedBySchema,
});
export type QuestionnaireRecordRequest = z.infer<typeof questionnaireRecordRequestSchema>;

/** Hand the tablet to the patient for one questionnaire before the dose (shared/questionnaires/handover.ts). */
export const questionnaireHandOverRequestSchema = z.strictObject({ ...commandBase, instrument: instrumentSchema });
export type QuestionnaireHandOverRequest = z.infer<typeof questionnaireHandOverRequestSchema>;

export const sessionDischargeRequestSchema = z.strictObject({
  ...commandBase,
  /** Only a prescriber, only with items failing: why the patient may leave anyway. */
  overrideReason: reasonSchema.optional(),
  /** Home (the default), or one of the ways out before the criteria hold, which need a reason. */
  disposition: dispositionSchema.optional(),
  dispositionReason: reasonSchema.optional(),
});

export const sessionEndEarlyRequestSchema = z.strictObject({ ...commandBase, reason: reasonSchema });

export const amendmentRecordRequestSchema = z.strictObject({
  ...commandBase,
  /** The seq of the event being corrected. */
  targetSeq: z.number({ error: 'Say which entry is corrected' }).int().positive({ error: 'Say which entry is corrected' }),
  reason: reasonSchema,
  change: amendmentChangeSchema,
});

/** Open a session in an empty room: the patient's alias (initials or a pseudonym, never a full name) and the protocol. */
export const sessionOpenRequestSchema = z.strictObject({
  commandId: commandIdSchema,
  roomId: idSchema,
  patientAlias: requiredText(
    'Enter the patient alias',
    40,
    'The alias is at most 40 characters: use initials or a pseudonym',
    'Enter the patient alias (initials or a pseudonym)',
  ),
  /**
   * The clinic's patient record: an existing patient (the session takes the record's alias as it
   * is now), or a new one with this client-made id, registered from `patientAlias` and
   * `patientBirthYear` first. Absent: a session with a typed alias only, linked to no patient.
   */
  patientId: idSchema.optional(),
  patientBirthYear: birthYearSchema.optional(),
  protocolId: idSchema,
});
export type SessionOpenRequest = z.infer<typeof sessionOpenRequestSchema>;

export type ChecklistTickRequest = z.infer<typeof checklistTickRequestSchema>;
export type ChecklistUntickRequest = z.infer<typeof checklistUntickRequestSchema>;
export type PredoseAcknowledgeAdvisoryRequest = z.infer<typeof predoseAcknowledgeAdvisoryRequestSchema>;
export type DoseRecordRequest = z.infer<typeof doseRecordRequestSchema>;
export type ObservationRecordRequest = z.infer<typeof observationRecordRequestSchema>;
export type SessionDischargeRequest = z.infer<typeof sessionDischargeRequestSchema>;
export type SessionEndEarlyRequest = z.infer<typeof sessionEndEarlyRequestSchema>;
export type AmendmentRecordRequest = z.infer<typeof amendmentRecordRequestSchema>;

// Alarms
export const alarmAcknowledgeRequestSchema = z.strictObject({
  ...commandBase,
  alarmId: alarmIdSchema,
  note: z.string().trim().max(500, { error: 'A note is at most 500 characters' }).optional(),
});

export const readingMarkArtifactRequestSchema = z.strictObject({
  ...commandBase,
  readingId: idSchema,
  reason: alarmEventPayloadSchemas['reading.artifactMarked'].shape.reason,
});

/** Silence the session's alarm sound on every screen of the room for the protocol's audio pause; acknowledges nothing. */
export const alarmPauseAudioRequestSchema = z.strictObject({ ...commandBase });

export type AlarmAcknowledgeRequest = z.infer<typeof alarmAcknowledgeRequestSchema>;
export type AlarmPauseAudioRequest = z.infer<typeof alarmPauseAudioRequestSchema>;
export type ReadingMarkArtifactRequest = z.infer<typeof readingMarkArtifactRequestSchema>;

// Device readings
/** A nurse or prescriber confirms a device-entered reading (only device readings; idempotent by command id). */
export const readingConfirmRequestSchema = z.strictObject({ ...commandBase, readingId: idSchema });
export type ReadingConfirmRequest = z.infer<typeof readingConfirmRequestSchema>;
