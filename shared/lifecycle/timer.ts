import type { SessionState } from '../session/state';
import { countingCourse, doseCourses, minimumEndsAt, scheduledChecks, type CourseRules } from './doses';

export interface NextCheck {
  /** The scheduled check, as minutes after the dose it belongs to (e.g. 40). */
  minutesAfterDose: number;
  /** Which dose it counts from: 1 for the first, 2 for a further dose ... */
  doseNumber: number;
  dueAt: number;
  /** 0 when the check is due exactly now. */
  dueInMs: number;
}

/** The dose the clock counts from. */
export interface CountingFrom {
  doseNumber: number;
  /** Its time (the first device for a dose given as devices). */
  at: number;
  route: string;
  minimumObservationMinutes: number;
}

export interface ObservationTimer {
  /** The first dose (first device): the REMS clock's start. */
  dosedAt: number;
  /** How many doses were given (devices of one dose are one dose). */
  doseCount: number;
  countingFrom: CountingFrom;
  /** Time since the dose it counts from, frozen at discharge or ending early; never negative. */
  elapsedMs: number;
  /** Time left to that dose's minimum observation time; 0 once reached. */
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
 * from the dose whose minimum ends last (a further dose restarts it; an amended dose time
 * moves it), with the next scheduled check of the schedule that dose restarted. Null before
 * the dose. Whether a reading was taken for a check is the alarms' business; this is the
 * timetable only.
 */
export function observationTimer(state: SessionState, rules: CourseRules, serverNow: number): ObservationTimer | null {
  const courses = doseCourses(state, rules);
  const counting = countingCourse(courses);
  const first = courses[0];
  if (counting === null || first === undefined) return null;
  const endedAt = monitoringEndedAt(state);
  const effectiveNow = endedAt === null ? serverNow : Math.min(serverNow, endedAt);
  const elapsedMs = Math.max(0, effectiveNow - counting.startedAt);
  const next = endedAt === null ? scheduledChecks(courses).find((check) => check.dueAt >= serverNow) : undefined;
  return {
    dosedAt: first.startedAt,
    doseCount: courses.length,
    countingFrom: {
      doseNumber: counting.number,
      at: counting.startedAt,
      route: counting.route,
      minimumObservationMinutes: counting.minimumObservationMinutes,
    },
    elapsedMs,
    remainingMs: Math.max(0, minimumEndsAt(counting) - effectiveNow),
    minimumReached: effectiveNow >= minimumEndsAt(counting),
    nextCheck:
      next === undefined
        ? null
        : { minutesAfterDose: next.minutesAfterDose, doseNumber: next.doseNumber, dueAt: next.dueAt, dueInMs: next.dueAt - serverNow },
    stopped: endedAt !== null,
  };
}
