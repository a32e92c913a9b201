import { z } from 'zod';
import { epochMsSchema, idSchema } from '../ids';
import { requiredText } from '../text';

/**
 * A patient of the clinic, pseudonymous: the alias or chart number the clinic chooses (no full
 * name is asked for) and, optionally, the year of birth. A patient's sessions keep the alias
 * they were opened with (`session.opened`), so editing the patient never rewrites a session.
 */
export const patientAliasSchema = requiredText(
  'Enter the patient alias or chart number',
  40,
  'The alias is at most 40 characters: use initials, a pseudonym or a chart number',
);

/** A year of birth, not a date: enough for age-banded care, and less identifying. */
export const birthYearSchema = z
  .number({ error: 'The year of birth is a number, such as 1984' })
  .int({ error: 'The year of birth is a whole year, such as 1984' })
  .min(1900, { error: 'The year of birth is 1900 or later' })
  .max(2100, { error: 'The year of birth is before 2100' });

/** The patient's record as it is now: a fold of its events (`foldPatientEvents`). */
export interface Patient {
  patientId: string;
  alias: string;
  birthYear: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The payload of each patient event, by type. The events are the patient's record; the row is their fold. */
export const patientEventPayloadSchemas = {
  'patient.created': z.strictObject({ alias: patientAliasSchema, birthYear: birthYearSchema.nullable() }),
  'patient.updated': z.strictObject({ alias: patientAliasSchema.optional(), birthYear: birthYearSchema.nullable().optional() }),
  /** The integration appointment booked at a session's discharge was attended (a time) or not (null: taken back). */
  'patient.integrationMarked': z.strictObject({ sessionId: idSchema, attendedAt: epochMsSchema.nullable() }),
} as const;
export type PatientEventType = keyof typeof patientEventPayloadSchemas;

export type PatientEvent = {
  [T in PatientEventType]: {
    patientId: string;
    /** 1, 2, 3 ... per patient, without gaps. */
    seq: number;
    type: T;
    payload: z.output<(typeof patientEventPayloadSchemas)[T]>;
    recordedAt: number;
    commandId: string;
  };
}[PatientEventType];

export const patientIdSchema = idSchema;
export const patientEventTimeSchema = epochMsSchema;

/** One patient event folded into the record. Pure; an event of another patient or already applied changes nothing. */
export function applyPatientEvent(patient: Patient | null, event: PatientEvent): Patient | null {
  if (event.type === 'patient.created') {
    if (patient !== null) return patient;
    return {
      patientId: event.patientId,
      alias: event.payload.alias,
      birthYear: event.payload.birthYear,
      createdAt: event.recordedAt,
      updatedAt: event.recordedAt,
    };
  }
  if (patient === null || patient.patientId !== event.patientId) return patient;
  if (event.type === 'patient.integrationMarked') return { ...patient, updatedAt: event.recordedAt };
  return {
    ...patient,
    ...(event.payload.alias !== undefined ? { alias: event.payload.alias } : {}),
    ...(event.payload.birthYear !== undefined ? { birthYear: event.payload.birthYear } : {}),
    updatedAt: event.recordedAt,
  };
}

/** When each session's integration appointment was attended (the latest mark of each), from the patient's log. Pure. */
export function integrationAttendance(events: readonly PatientEvent[]): Map<string, number | null> {
  const attended = new Map<string, number | null>();
  for (const event of events)
    if (event.type === 'patient.integrationMarked') attended.set(event.payload.sessionId, event.payload.attendedAt);
  return attended;
}

/** A patient's whole log, in order. */
export function foldPatientEvents(events: readonly PatientEvent[]): Patient | null {
  let patient: Patient | null = null;
  for (const event of events) patient = applyPatientEvent(patient, event);
  return patient;
}
