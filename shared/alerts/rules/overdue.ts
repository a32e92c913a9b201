import { isMonitoredPhase } from '../../session/phases';
import type { Protocol } from '../../protocols/schema';
import type { SessionState } from '../../session/state';
import type { AlarmCondition } from '../types';
import { doseCourses, scheduledChecks } from '../../lifecycle/doses';

const MINUTE = 60_000;

/**
 * Overdue scheduled checks (minutes after the dose; a further dose restarts the schedule, see
 * lifecycle/doses.ts). Checks of a further dose carry `:dose<n>` at the end of their id. A check is satisfied by a
 * non-artifact reading WITH a blood pressure observed from `due - grace` onward: the
 * scheduled checks are blood-pressure checks (CLINICAL.md "Esketamine": BP pre-dose and at
 * ~40 min), and a pulse oximeter streaming SpO2 must not satisfy them. A late reading still
 * satisfies a missed check (that is how its alarm clears). Unsatisfied at `due + grace`:
 * low (`overdue:<m>:low`); `overdueEscalateAfterMinutes` later: medium (`overdue:<m>:medium`).
 * Only after dosing, while the patient is being monitored.
 */
export function overdueConditions(state: SessionState, protocol: Protocol, now: number): AlarmCondition[] {
  if (state.dosedAt === null) return [];
  if (!isMonitoredPhase(state.phase)) return [];
  const bloodPressureTimes = state.readings
    .filter((reading) => !reading.artifact && reading.vitals.systolicMmHg !== undefined)
    .map((reading) => reading.observedAt);
  const grace = protocol.checkGraceMinutes * MINUTE;
  const conditions: AlarmCondition[] = [];
  for (const check of scheduledChecks(doseCourses(state, protocol))) {
    const minute = check.minutesAfterDose;
    const due = check.dueAt;
    const overdueAt = due + grace;
    if (now < overdueAt) continue;
    if (bloodPressureTimes.some((time) => time >= due - grace)) continue;
    const priority = now >= overdueAt + protocol.overdueEscalateAfterMinutes * MINUTE ? 'medium' : 'low';
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
