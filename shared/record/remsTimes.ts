import type { SessionState } from '../session/state';

/**
 * The REMS Patient Monitoring Form's times, derived from the session state on its own so the
 * lifecycle's own REMS times can replace this one function without touching the report, the
 * form or the exports.
 *
 * - `firstDeviceAt`: the first dose's time. A multi-device intranasal entry is stored with
 *   the first device's time (CLINICAL.md "Doses, devices and further doses": the REMS clock
 *   starts at the first device), so the earliest dose time is the first device.
 * - `monitoringEndedAt`: when monitoring ended: the discharge, or the early end. Null while
 *   the session runs.
 * - `totalMonitoringMinutes`: whole minutes from the first device to the end of monitoring
 *   (the form asks for >= 120 for Spravato).
 * - `readyToLeaveAt`: when the patient would have been ready to leave had there been no
 *   minimum observation time: the moment the record shows recovery after the dose (the later of
 *   the first "returned to baseline" and the first MOAA/S of 5 after the last lower score).
 *   Without either, the first time every discharge item held (`readyForDischargeAt`, which
 *   does include the minimum). Null when none is known.
 */
export interface RemsTimes {
  firstDeviceAt: number | null;
  monitoringEndedAt: number | null;
  totalMonitoringMinutes: number | null;
  readyToLeaveAt: number | null;
}

const MINUTE_MS = 60_000;

function recoveryAt(state: SessionState): number | null {
  const dosedAt = state.dosedAt;
  if (dosedAt === null) return null;
  const after = state.observations.filter((o) => o.observedAt > dosedAt);
  const returned = after.find((o) => o.body.kind === 'returned_to_baseline')?.observedAt ?? null;
  // The first MOAA/S of 5 after the last score below 5: sedation over.
  let lastBelow: number | null = null;
  for (const o of after) if (o.body.kind === 'moaas' && o.body.score < 5) lastBelow = o.observedAt;
  const awake =
    after.find((o) => o.body.kind === 'moaas' && o.body.score === 5 && (lastBelow === null || o.observedAt > lastBelow))?.observedAt ?? null;
  const known = [returned, awake].filter((t): t is number => t !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** The REMS times of a session (see RemsTimes for each definition). */
export function deriveRemsTimes(state: SessionState): RemsTimes {
  const firstDeviceAt = state.doses.length === 0 ? null : Math.min(...state.doses.map((d) => d.administeredAt));
  const monitoringEndedAt = state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? null;
  const totalMonitoringMinutes =
    firstDeviceAt === null || monitoringEndedAt === null ? null : Math.max(0, Math.floor((monitoringEndedAt - firstDeviceAt) / MINUTE_MS));
  return { firstDeviceAt, monitoringEndedAt, totalMonitoringMinutes, readyToLeaveAt: recoveryAt(state) ?? state.readyForDischargeAt };
}
