import type { RemsAnswers } from '../../../shared/record/remsForm';
import type { RemsDueResponse, RemsFormResponse, ReportResponse, SessionListResponse } from '../../../shared/http/recordApi';
import type { RemsForm } from '../../../shared/record/remsForm';
import { requestJson } from '../api/http';

/** The record's HTTP calls (paths in shared/http/recordApi.ts). */
export const recordApi = {
  list: (search: string) =>
    requestJson<SessionListResponse>('GET', `/api/sessions${search.startsWith('?') || search === '' ? search : `?${search}`}`),
  report: (sessionId: string) =>
    requestJson<ReportResponse & { rems: RemsForm | null }>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/report`),
  rems: (sessionId: string) => requestJson<RemsFormResponse>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/rems`),
  signRems: (sessionId: string, answers: RemsAnswers) =>
    requestJson<RemsFormResponse>('PUT', `/api/sessions/${encodeURIComponent(sessionId)}/rems`, answers),
  submitRems: (sessionId: string) => requestJson<RemsFormResponse>('POST', `/api/sessions/${encodeURIComponent(sessionId)}/rems/submit`),
  remsDue: () => requestJson<RemsDueResponse>('GET', '/api/rems/due'),
};

export const exportUrls = {
  pdf: (sessionId: string, size: 'a4' | 'letter') => `/api/sessions/${encodeURIComponent(sessionId)}/report.pdf?size=${size}`,
  csv: (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/readings.csv`,
  fhir: (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/fhir`,
};
