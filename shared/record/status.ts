import type { SessionState } from '../session/state';

/** How the Sessions page groups a session: still running, discharged, or ended early. */
export const SESSION_STATUSES = ['running', 'discharged', 'ended_early'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  running: 'Running',
  discharged: 'Discharged',
  ended_early: 'Ended early',
};

export function sessionStatus(state: Pick<SessionState, 'discharge' | 'endedEarly'>): SessionStatus {
  if (state.discharge) return 'discharged';
  if (state.endedEarly) return 'ended_early';
  return 'running';
}
