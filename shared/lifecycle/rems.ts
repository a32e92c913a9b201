import type { SessionState } from '../session/state';
import type { RegulatoryFloor } from './scoreConfig';
import { monitoringEndedAt } from './timer';

const MINUTE_MS = 60_000;

/** The times the Spravato REMS Patient Monitoring Form asks for (CLINICAL.md "Esketamine"). */
export interface RemsTimes {
  /** The first device (the first dose of any protocol). */
  firstDeviceAt: number | null;
  /** Discharge or ending early; null while monitoring goes on. */
  endOfMonitoringAt: number | null;
  /** Whole minutes from the first device to the end of monitoring (the form's "total minutes"). */
  totalMinutes: number | null;
  /** Whether the total reaches the regulatory floor (REMS: >= 120); null without a floor or an end. */
  meetsFloor: boolean | null;
  /** The first time every clinical item held, ignoring the minimum time ("would have been ready to leave"). */
  wouldHaveBeenReadyAt: number | null;
  /** The same, in whole minutes after the first device. */
  wouldHaveBeenReadyMinutes: number | null;
}

/** The REMS times of a session from its record. */
export function remsTimes(state: SessionState, floor: RegulatoryFloor | null): RemsTimes {
  const first = state.doses.length === 0 ? null : Math.min(...state.doses.map((dose) => dose.administeredAt));
  const end = monitoringEndedAt(state);
  const totalMinutes = first === null || end === null ? null : Math.floor(Math.max(0, end - first) / MINUTE_MS);
  const ready = state.clinicallyReadyAt;
  return {
    firstDeviceAt: first,
    endOfMonitoringAt: end,
    totalMinutes,
    meetsFloor: floor === null || totalMinutes === null ? null : totalMinutes >= floor.minutes,
    wouldHaveBeenReadyAt: ready,
    wouldHaveBeenReadyMinutes: first === null || ready === null ? null : Math.floor(Math.max(0, ready - first) / MINUTE_MS),
  };
}
