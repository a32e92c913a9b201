import { isMonitoredPhase } from '../../session/phases';
import type { Protocol } from '../../protocols/schema';
import type { SessionState } from '../../session/state';
import type { AlarmCondition } from '../types';
import { latestValue } from '../series';
import { doseCourses, scheduledChecks, type ScheduledCheck } from '../../lifecycle/doses';

const MINUTE = 60_000;

/**
 * When a missed check escalates: `overdueEscalateAfterMinutes` after it became overdue, but
 * not while the next check is on time (inside its own grace either side of its due time): the
 * nurse taking that check satisfies both, so the escalation waits for the end of that window.
 */
function escalatesAt(escalateAt: number, nextDue: number | undefined, grace: number): number {
  if (nextDue === undefined) return escalateAt;
  return escalateAt >= nextDue - grace && escalateAt < nextDue + grace ? nextDue + grace : escalateAt;
}

/**
 * Overdue scheduled checks (minutes after the dose; a further dose restarts the schedule, see
 * lifecycle/doses.ts). Checks of a further dose carry `:dose<n>` at the end of their id. A check is satisfied by a
 * non-artifact reading WITH a blood pressure observed from `due - grace` onward: the
 * scheduled checks are blood-pressure checks (CLINICAL.md "Esketamine": BP pre-dose and at
 * ~40 min), and a pulse oximeter streaming SpO2 must not satisfy them. A late reading still
 * satisfies a missed check (that is how its alarm clears). Unsatisfied at `due + grace`:
 * low (`overdue:<m>:low`); `overdueEscalateAfterMinutes` later: medium (`overdue:<m>:medium`).
 * Only after dosing, while the patient is being monitored. A pre-dose pressure taken at most
 * `alarmControls.preDoseCheckWindowMinutes` before the dose counts for the 0-minute check; the
 * escalation waits while the next check is on time (`escalatesAt`).
 */
/** A scheduled check no blood pressure has met yet: when it falls overdue, and when it escalates. */
export interface UnmetCheck {
  check: ScheduledCheck;
  overdueAt: number;
  escalatesAt: number;
}

/**
 * The scheduled checks no non-artifact blood pressure has met (see `overdueConditions`), with
 * their two instants. Empty before dosing and outside monitoring. Shared with the due instants
 * (alerts/due.ts), so a met check wakes nobody.
 */
export function unmetChecks(state: SessionState, protocol: Protocol): UnmetCheck[] {
  if (state.dosedAt === null) return [];
  if (!isMonitoredPhase(state.phase)) return [];
  // Readings are in observedAt order: some pressure counts from a time iff the latest does.
  const latestPressureAt = latestValue(state, 'systolicMmHg')?.observedAt ?? Number.NEGATIVE_INFINITY;
  const grace = protocol.checkGraceMinutes * MINUTE;
  const preDoseWindow = protocol.alarmControls.preDoseCheckWindowMinutes * MINUTE;
  const checks = scheduledChecks(doseCourses(state, protocol));
  const unmet: UnmetCheck[] = [];
  for (const [index, check] of checks.entries()) {
    const due = check.dueAt;
    // A 0-minute check is the pressure just before its dose: one taken inside the pre-dose window counts.
    const countsFrom = check.minutesAfterDose === 0 ? Math.min(due - grace, due - preDoseWindow) : due - grace;
    if (latestPressureAt >= countsFrom) continue;
    const overdueAt = due + grace;
    unmet.push({
      check,
      overdueAt,
      escalatesAt: escalatesAt(overdueAt + protocol.overdueEscalateAfterMinutes * MINUTE, checks[index + 1]?.dueAt, grace),
    });
  }
  return unmet;
}

export function overdueConditions(state: SessionState, protocol: Protocol, now: number): AlarmCondition[] {
  const conditions: AlarmCondition[] = [];
  for (const { check, overdueAt, escalatesAt: escalation } of unmetChecks(state, protocol)) {
    if (now < overdueAt) continue;
    const minute = check.minutesAfterDose;
    const priority = now >= escalation ? 'medium' : 'low';
    conditions.push({
      alarmId: `overdue:${minute}:${priority}${check.doseNumber === 1 ? '' : `:dose${check.doseNumber}`}`,
      kind: 'overdue_check',
      priority,
      technical: false,
      message: `The ${minute}-minute check${check.doseNumber === 1 ? '' : ` after dose ${check.doseNumber}`} is overdue — no blood pressure recorded for it yet`,
      recheck: false,
    });
  }
  return conditions;
}
