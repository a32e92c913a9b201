import type { SessionState } from '../session/state';

const MINUTE_MS = 60_000;

export interface NextCheck {
  /** The scheduled check, as minutes after the dose (e.g. 40). */
  minutesAfterDose: number;
  dueAt: number;
  /** 0 when the check is due exactly now. */
  dueInMs: number;
}

export interface ObservationTimer {
  dosedAt: number;
  /** Time since the first dose, frozen at discharge or ending early; never negative. */
  elapsedMs: number;
  /** Time left to the protocol's minimum observation time; 0 once reached. */
  remainingMs: number;
  minimumReached: boolean;
  /** The first scheduled check due at or after now; null when none is left or the session is over. */
  nextCheck: NextCheck | null;
  /** True once the session is discharged or ended early: the clock has stopped. */
  stopped: boolean;
}

/** When monitoring ended (discharge or ending early), or null while it goes on. */
export function monitoringEndedAt(state: SessionState): number | null {
  return state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? null;
}

/**
 * The observation clock at `serverNow` (server time, never the screen's own clock): counts
 * from the first dose (an amended dose time moves it) to the minimum observation time, with
 * the next scheduled check. Null before the dose. The "whether a reading was taken" side of
 * checks is the alarms' business; this is the timetable only.
 */
export function observationTimer(
  state: SessionState,
  minimumObservationMinutes: number,
  checkScheduleMinutes: readonly number[],
  serverNow: number,
): ObservationTimer | null {
  const dosedAt = state.dosedAt;
  if (dosedAt === null) return null;
  const endedAt = monitoringEndedAt(state);
  const effectiveNow = endedAt === null ? serverNow : Math.min(serverNow, endedAt);
  const elapsedMs = Math.max(0, effectiveNow - dosedAt);
  const minimumMs = minimumObservationMinutes * MINUTE_MS;
  const next = endedAt === null
    ? [...checkScheduleMinutes].sort((a, b) => a - b).find((minutes) => dosedAt + minutes * MINUTE_MS >= serverNow)
    : undefined;
  return {
    dosedAt,
    elapsedMs,
    remainingMs: Math.max(0, minimumMs - elapsedMs),
    minimumReached: elapsedMs >= minimumMs,
    nextCheck:
      next === undefined
        ? null
        : { minutesAfterDose: next, dueAt: dosedAt + next * MINUTE_MS, dueInMs: dosedAt + next * MINUTE_MS - serverNow },
    stopped: endedAt !== null,
  };
}
