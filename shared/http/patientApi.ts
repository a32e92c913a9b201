import { z } from 'zod';
import type { Patient } from '../patients/patient';
import { birthYearSchema, patientAliasSchema } from '../patients/patient';
import type { SessionStatus } from '../record/status';
import type { ProgressMark, SessionSummary } from '../series/summary';

/**
 * Patients over HTTP (JSON, `Result` bodies like the rest of the API):
 *
 *   GET   /api/patients?q=          patient.view   -> { ok, patients: Patient[] }   (alias contains q)
 *   POST  /api/patients             PatientCreateRequest  patient.manage -> 201 { ok, patient }
 *   PATCH /api/patients/:patientId  PatientUpdateRequest  patient.manage -> { ok, patient }
 *   GET   /api/patients/:patientId  patient.view   -> { ok, patient, sessions: PatientSessionRow[] }
 *   POST  /api/patients/:patientId/integration  IntegrationMarkRequest  patient.manage -> { ok, sessions }
 *
 * A session is linked to its patient when it is opened (`session.open` with `patientId`).
 */
export const patientCreateRequestSchema = z.strictObject({
  /** Client-made, so a resend creates the patient once. */
  patientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'A patient id may hold only letters, digits, "-" and "_"' })
    .optional(),
  alias: patientAliasSchema,
  birthYear: birthYearSchema.nullable().optional(),
});
export type PatientCreateRequest = z.infer<typeof patientCreateRequestSchema>;

export const patientUpdateRequestSchema = z
  .strictObject({ alias: patientAliasSchema.optional(), birthYear: birthYearSchema.nullable().optional() })
  .refine((value) => value.alias !== undefined || value.birthYear !== undefined, { error: 'Nothing to change' });
export type PatientUpdateRequest = z.infer<typeof patientUpdateRequestSchema>;

/** Marks the integration appointment booked at one of the patient's sessions attended (now) or not. */
export const integrationMarkRequestSchema = z.strictObject({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Choose a session of this patient' }),
  attended: z.boolean({ error: 'Attended is yes or no' }),
});
export type IntegrationMarkRequest = z.infer<typeof integrationMarkRequestSchema>;

export const patientListQuerySchema = z.strictObject({
  q: z.string().trim().max(40, { error: 'Search for at most 40 characters' }).optional(),
});

/** One session of a patient's series, as the patient page lists it. */
export interface PatientSessionRow {
  sessionId: string;
  /** The alias the session was opened with (it stays when the patient is renamed). */
  patientAlias: string;
  protocolName: string;
  openedAt: number;
  status: SessionStatus;
  /** "Esketamine 56 mg intranasal" per dose, in order; empty when no dose was given. */
  doses: string[];
  summary: SessionSummary;
  /** Response and remission against the series' first PHQ-9 (shared/series/summary.ts). */
  progress: ProgressMark;
  /** When the integration appointment booked at this session's discharge was attended; null when not (yet). */
  integrationAttendedAt: number | null;
}

export interface PatientResponse {
  patient: Patient;
  sessions: PatientSessionRow[];
}
