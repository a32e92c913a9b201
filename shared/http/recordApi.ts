import { z } from 'zod';
import { idSchema } from '../ids';
import type { RemsForm, RemsFormRecord } from '../record/remsForm';
import type { SessionReport } from '../record/report';
import { SESSION_STATUSES, type SessionStatus } from '../record/status';

/**
 * The record's HTTP API (see api.ts for the envelope):
 *
 *   GET  /api/sessions?room&protocol&status&alias&q&from&to&page     -> SessionListResponse (newest first)
 *   GET  /api/sessions/:id/report        -> { ok, report: SessionReport }          (audited: report.view)
 *   GET  /api/sessions/:id/report.pdf    -> application/pdf                        (audited: report.pdf)
 *   GET  /api/sessions/:id/readings.csv  -> text/csv, one row per reading          (audited: export.csv)
 *   GET  /api/sessions/:id/fhir          -> application/fhir+json, a FHIR R4 Bundle (audited: export.fhir)
 *   GET  /api/sessions/:id/rems          -> RemsFormResponse                       (audited: rems.view)
 *   PUT  /api/sessions/:id/rems          body RemsAnswers -> RemsFormResponse      (prescriber: complete and sign)
 *   POST /api/sessions/:id/rems/submit   -> RemsFormResponse                       (prescriber: mark submitted)
 *   GET  /api/rems/due                   -> RemsDueResponse
 */

const optionalText = z
  .string()
  .trim()
  .max(80)
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const optionalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'A date is YYYY-MM-DD' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export const SESSION_PAGE_SIZE = 25;

/** The Sessions page's filters, as query parameters (an empty parameter means unset). */
export const sessionListQuerySchema = z.strictObject({
  room: idSchema.optional().or(z.literal('').transform(() => undefined)),
  protocol: idSchema.optional().or(z.literal('').transform(() => undefined)),
  status: z
    .enum(SESSION_STATUSES, { error: 'The status is running, discharged or ended_early' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  alias: optionalText,
  q: optionalText,
  /** Opened on or after this day (the clinic's calendar). */
  from: optionalDay,
  /** Opened on or before this day. */
  to: optionalDay,
  page: z.coerce.number().int().min(1, { error: 'Pages start at 1' }).max(100_000).default(1),
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

export interface SessionListItem {
  sessionId: string;
  roomId: string;
  roomName: string;
  patientAlias: string;
  protocolId: string;
  protocolName: string;
  status: SessionStatus;
  openedAt: number;
  closedAt: number | null;
  /** `openedAt` with its date in the clinic's zone, as the report prints it. */
  openedAtText: string;
}

/** The room and protocol menus of the Sessions page: every room and protocol with a session, retired ones too. */
export interface SessionFilterChoices {
  rooms: { id: string; name: string }[];
  protocols: { id: string; name: string }[];
}

export interface SessionListResponse {
  sessions: SessionListItem[];
  total: number;
  page: number;
  pageSize: number;
  choices: SessionFilterChoices;
}

export interface ReportResponse {
  report: SessionReport;
}

export interface RemsFormResponse {
  form: RemsForm;
  record: RemsFormRecord | null;
  /** True when the session's protocol is not Spravato: there is no REMS form to file. */
  notApplicable?: true;
}

export interface RemsDueItem {
  sessionId: string;
  patientAlias: string;
  roomName: string;
  dueBy: number;
  /** `dueBy` with its date in the clinic's zone. */
  dueByText: string;
  /** Within 2 days of the deadline, or past it. */
  nearDeadline: boolean;
  status: 'due' | 'signed';
}

export interface RemsDueResponse {
  due: RemsDueItem[];
  nearDeadlineCount: number;
}
