import type {
  IntegrationMarkRequest,
  PatientCreateRequest,
  PatientResponse,
  PatientSessionRow,
  PatientUpdateRequest,
} from '../../../shared/http/patientApi';
import type { Patient } from '../../../shared/patients/patient';
import { requestJson } from '../api/http';

/** The patients' HTTP calls (paths in shared/http/patientApi.ts). */
export const patientApi = {
  list: (search = '') => requestJson<{ patients: Patient[] }>('GET', `/api/patients${search ? `?q=${encodeURIComponent(search)}` : ''}`),
  create: (request: PatientCreateRequest) => requestJson<{ patient: Patient }>('POST', '/api/patients', request),
  update: (patientId: string, request: PatientUpdateRequest) =>
    requestJson<{ patient: Patient }>('PATCH', `/api/patients/${encodeURIComponent(patientId)}`, request),
  markIntegration: (patientId: string, request: IntegrationMarkRequest) =>
    requestJson<{ sessions: PatientSessionRow[] }>('POST', `/api/patients/${encodeURIComponent(patientId)}/integration`, request),
  series: (patientId: string) => requestJson<PatientResponse>('GET', `/api/patients/${encodeURIComponent(patientId)}`),
};
