import { z } from 'zod';
import { epochMsSchema, idSchema } from '../ids';
import { vitalSetSchema } from '../vitals/schema';
import { observationSchema } from '../observations/schema';
import { actorSchema } from './actor';
import { instrumentSchema, questionnaireRecordedSchema } from '../questionnaires/instruments';
import { alarmEventPayloadSchemas } from '../alerts/events';
import {
  amendmentChangeSchema,
  checklistKindSchema,
  deviceCountSchema,
  dispositionSchema,
  mgPerKgSchema,
  noteSchema,
  reasonSchema,
  weightKgSchema,
} from '../lifecycle/schemas';

/**
 * The payload schema of every session event, keyed by event type. The event log is the
 * record: state on every screen is a fold of these (see reducer.ts). Add a new event type
 * here and a handler in a slice under `slices/`; the compiler then checks the reducer.
 */
export const sessionEventPayloadSchemas = {
  'session.opened': z.strictObject({
    roomId: idSchema,
    /** The alias at the time: it stays with the session when the patient record is edited. */
    patientAlias: z.string().min(1).max(40),
    /** The clinic's patient record the session belongs to (absent for sessions opened with a typed alias only). */
    patientId: idSchema.optional(),
    protocolId: idSchema,
    protocolName: z.string().min(1).max(120),
  }),
  'vitals.recorded': z.strictObject({
    readingId: idSchema,
    vitals: vitalSetSchema,
  }),
  'dose.recorded': z.strictObject({
    doseId: idSchema,
    drug: z.string().min(1).max(80),
    doseMg: z.number().positive().max(1000),
    route: z.string().min(1).max(40),
    lotNumber: z.string().max(40),
    /** Weight-based protocols: the dose per kg and the weight that gave doseMg. */
    mgPerKg: mgPerKgSchema.optional(),
    weightKg: weightKgSchema.optional(),
    /** Intranasal: how many devices this entry covers (observedAt is the first device). */
    deviceCount: deviceCountSchema.optional(),
    /** A further device of that dose (same course, the clock does not restart). */
    deviceOfDoseId: idSchema.optional(),
  }),
  'observation.recorded': z.strictObject({
    observationId: idSchema,
    observation: observationSchema,
  }),
  // Session lifecycle: checklists, pre-dose advisory, discharge, amendments.
  'checklist.itemTicked': z.strictObject({
    checklist: checklistKindSchema,
    itemId: idSchema,
    note: noteSchema.optional(),
    /** For items that need a date (integration session booked): that date, epoch ms. */
    date: epochMsSchema.optional(),
  }),
  'checklist.itemUnticked': z.strictObject({ checklist: checklistKindSchema, itemId: idSchema }),
  /** A prescriber accepts a baseline above the protocol's advisory limit before dosing. */
  'predose.advisoryAcknowledged': z.strictObject({ reason: noteSchema.optional() }),
  /** System: every discharge item holds (the first one is the REMS "ready to leave" time). */
  'session.readyForDischarge': z.strictObject({}),
  /** System: an item stopped holding after the patient was ready (e.g. a new alarm). */
  'session.readinessLost': z.strictObject({ failingItemIds: z.array(idSchema) }),
  /** System: every clinical item holds, the minimum time aside (REMS "would have been ready to leave"). */
  'session.clinicallyReady': z.strictObject({}),
  'session.discharged': z.strictObject({
    /** Set when a prescriber discharged with items failing; the reason shows in the report. */
    override: z.strictObject({ reason: reasonSchema }).nullable(),
    failingItemIds: z.array(idSchema),
    /** Absent on events stored before dispositions existed: home. */
    disposition: dispositionSchema.optional(),
    /** Why, for a transfer to emergency care or leaving against advice. */
    dispositionReason: reasonSchema.optional(),
  }),
  'session.endedEarly': z.strictObject({ reason: reasonSchema }),
  'amendment.recorded': z.strictObject({
    targetSeq: z.number().int().positive(),
    reason: reasonSchema,
    change: amendmentChangeSchema,
  }),
  // Alarms and artifact marking: schemas in shared/alerts/events.ts.
  ...alarmEventPayloadSchemas,
  /** Issue 6: a nurse or prescriber confirms a device-entered reading (checked at the bedside). */
  'reading.confirmed': z.strictObject({ readingId: idSchema }),
  /** A PHQ-9 or GAD-7 before the dose, by staff or by the patient on the handed-over tablet (shared/questionnaires/). */
  'questionnaire.recorded': questionnaireRecordedSchema,
  /** The tablet handed to the patient for one questionnaire (the actor handed it over; shared/questionnaires/handover.ts). */
  'questionnaire.handedOver': z.strictObject({ instrument: instrumentSchema }),
} as const;

export type SessionEventType = keyof typeof sessionEventPayloadSchemas;
export const SESSION_EVENT_TYPES = Object.keys(sessionEventPayloadSchemas) as SessionEventType[];

export type SessionEventPayload<T extends SessionEventType> = z.infer<(typeof sessionEventPayloadSchemas)[T]>;

const envelopeShape = {
  sessionId: idSchema,
  /** Per-session sequence number, 1, 2, 3 ... with no gaps; the order of the record. */
  seq: z.number().int().positive(),
  /** When it happened at the bedside (a reading's "measured at"). */
  observedAt: epochMsSchema,
  /** When the server committed it. */
  recordedAt: epochMsSchema,
  actor: actorSchema,
  /** The client-generated id of the command that caused it; a command is stored once. */
  commandId: idSchema,
};

type EventOf<T extends SessionEventType> = {
  sessionId: string;
  seq: number;
  type: T;
  payload: SessionEventPayload<T>;
  observedAt: number;
  recordedAt: number;
  actor: z.infer<typeof actorSchema>;
  commandId: string;
};

/** One event of a session's append-only log. */
export type SessionEvent = { [T in SessionEventType]: EventOf<T> }[SessionEventType];
export type SessionEventOf<T extends SessionEventType> = EventOf<T>;

/** The payload of an event before the store gives it a sequence number and a commit time. */
export type NewSessionEvent = Omit<SessionEvent, 'seq' | 'recordedAt'>;

const eventSchemas = SESSION_EVENT_TYPES.map((type) =>
  z.strictObject({ ...envelopeShape, type: z.literal(type), payload: sessionEventPayloadSchemas[type] }),
);

/** Validates an event read back from the store or the wire. */
export const sessionEventSchema = z.discriminatedUnion(
  'type',
  eventSchemas as unknown as [(typeof eventSchemas)[number], ...(typeof eventSchemas)[number][]],
) as unknown as z.ZodType<SessionEvent>;
