import type { PatientSessionRow } from '../http/patientApi';

/** What the prescriber is reminded of before today's dose, from the patient's last session. */
export interface LastSessionReminder {
  session: PatientSessionRow;
  /** Words for each reason to look again before dosing; empty when there is none. */
  reminders: string[];
}

/**
 * The patient's session before this one (the latest opened before it), with a reminder when it
 * had a high-priority alarm or an adverse event. Null for a first session. Pure.
 */
export function lastSessionBefore(sessions: readonly PatientSessionRow[], currentSessionId: string): LastSessionReminder | null {
  const current = sessions.find((session) => session.sessionId === currentSessionId);
  const earlier = sessions.filter(
    (session) => session.sessionId !== currentSessionId && (current === undefined || session.openedAt <= current.openedAt),
  );
  const last = earlier.at(-1);
  if (!last) return null;
  const reminders: string[] = [];
  const high = last.summary.alarmsByPriority.high;
  if (high > 0) reminders.push(`Last session had ${high} high-priority alarm${high === 1 ? '' : 's'}`);
  if (last.summary.adverseEvents.length > 0) reminders.push(`Last session's adverse events: ${last.summary.adverseEvents.join('; ')}`);
  return { session: last, reminders };
}
