import type { PatientResponse, PatientSessionRow } from '../../../shared/http/patientApi';
import { sessionStatus } from '../../../shared/record/status';
import { doseText, seriesDoses } from '../../../shared/series/doses';
import type { SessionState } from '../../../shared/session/state';
import type { SessionService } from '../../sessions/sessionService';
import { findPatient, sessionsOfPatient } from '../../store/patients';
import type { Store } from '../../store/store';

/** One session's row on the patient page, from its record. */
export function patientSessionRow(state: SessionState, openedAt: number): PatientSessionRow {
  return {
    sessionId: state.sessionId,
    patientAlias: state.patientAlias,
    protocolName: state.protocolName,
    openedAt,
    status: sessionStatus(state),
    doses: seriesDoses(state).map(doseText),
  };
}

/** A patient and their sessions, oldest first, each folded from its own record; null when there is no such patient. */
export async function patientSeries(deps: { store: Store; sessions: SessionService }, patientId: string): Promise<PatientResponse | null> {
  const patient = await findPatient(deps.store.db, patientId);
  if (!patient) return null;
  const rows: PatientSessionRow[] = [];
  for (const row of await sessionsOfPatient(deps.store.db, patientId)) {
    const state = await deps.sessions.getState(row.session_id);
    if (state) rows.push(patientSessionRow(state, Number(row.opened_at)));
  }
  return { patient, sessions: rows };
}
