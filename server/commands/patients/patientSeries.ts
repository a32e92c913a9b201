import type { PatientResponse, PatientSessionRow } from '../../../shared/http/patientApi';
import { sessionStatus } from '../../../shared/record/status';
import { doseText, seriesDoses } from '../../../shared/series/doses';
import { seriesProgress, summarizeSession } from '../../../shared/series/summary';
import type { SessionState } from '../../../shared/session/state';
import type { SessionService } from '../../sessions/sessionService';
import { findPatient, patientEvents, sessionsOfPatient } from '../../store/patients';
import { integrationAttendance } from '../../../shared/patients/patient';
import type { Store } from '../../store/store';

/** One session's row on the patient page, from its record (its progress mark is the series'). */
export function patientSessionRow(state: SessionState, openedAt: number): Omit<PatientSessionRow, 'progress' | 'integrationAttendedAt'> {
  return {
    sessionId: state.sessionId,
    patientAlias: state.patientAlias,
    protocolName: state.protocolName,
    openedAt,
    status: sessionStatus(state),
    doses: seriesDoses(state).map(doseText),
    summary: summarizeSession(state),
  };
}

/** A patient and their sessions' folded records, oldest first; null when there is no such patient. */
export async function patientSeriesWithStates(
  deps: { store: Store; sessions: SessionService },
  patientId: string,
): Promise<(PatientResponse & { states: SessionState[] }) | null> {
  const patient = await findPatient(deps.store.db, patientId);
  if (!patient) return null;
  const rows: Omit<PatientSessionRow, 'progress' | 'integrationAttendedAt'>[] = [];
  const states: SessionState[] = [];
  for (const row of await sessionsOfPatient(deps.store.db, patientId)) {
    const state = await deps.sessions.getState(row.session_id);
    if (!state) continue;
    rows.push(patientSessionRow(state, Number(row.opened_at)));
    states.push(state);
  }
  const progress = seriesProgress(rows.map((row) => row.summary.phq9?.total ?? null));
  const attended = integrationAttendance(await patientEvents(deps.store.db, patientId));
  return {
    patient,
    sessions: rows.map((row, index) => ({
      ...row,
      progress: progress[index]!,
      integrationAttendedAt: attended.get(row.sessionId) ?? null,
    })),
    states,
  };
}

/** A patient and their sessions, oldest first, each summarised from its own record; null when there is no such patient. */
export async function patientSeries(deps: { store: Store; sessions: SessionService }, patientId: string): Promise<PatientResponse | null> {
  const series = await patientSeriesWithStates(deps, patientId);
  return series && { patient: series.patient, sessions: series.sessions };
}
