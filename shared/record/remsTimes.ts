import { remsTimes } from '../lifecycle/rems';
import type { SessionState } from '../session/state';

/**
 * The REMS Patient Monitoring Form's times as the record, the report and the exports name them:
 * the lifecycle's own REMS times (shared/lifecycle/rems.ts) under the record's names, so there
 * is one derivation.
 */
export interface RemsTimes {
  firstDeviceAt: number | null;
  monitoringEndedAt: number | null;
  totalMonitoringMinutes: number | null;
  /** When the patient would have been ready to leave without the minimum observation time. */
  readyToLeaveAt: number | null;
}

/** The REMS times of a session (see shared/lifecycle/rems.ts for each definition). */
export function deriveRemsTimes(state: SessionState): RemsTimes {
  const times = remsTimes(state, null);
  return {
    firstDeviceAt: times.firstDeviceAt,
    monitoringEndedAt: times.endOfMonitoringAt,
    totalMonitoringMinutes: times.totalMinutes,
    readyToLeaveAt: times.wouldHaveBeenReadyAt,
  };
}
