import { doseCourses, scheduledChecks } from '../lifecycle/doses';
import type { Protocol } from '../protocols/schema';
import { isClosedPhase, isMonitoredPhase } from '../session/phases';
import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import { VITAL_KEYS } from '../vitals/plausibility';
import { weighedSeries } from './evidence';
import { escalatesAt } from './rules/overdue';

const MINUTE = 60_000;

/**
 * The earliest instant after `now`, in whole milliseconds, from which a session's alarm
 * decision may change with no new event: the next moment time alone can raise, confirm,
 * escalate or re-alarm something. Null when nothing waits on time. The server evaluates the
 * session again at that instant instead of every second (server/sessions/dueTimers.ts).
 *
 * Every time comparison the rules make (conditions.ts, planner.ts) is listed here as the
 * instant it turns: `now - since >= span` turns at `since + span`. An instant listed that turns
 * nothing only costs an evaluation; one missing would be a late alarm, so the property test
 * (test/shared/alerts/incremental.test.ts) checks that nothing changes before the instant.
 */
export function nextAlarmDueAt(state: SessionState, protocol: Protocol, now: number): number | null {
  if (isClosedPhase(state.phase)) return null;
  let next = Number.POSITIVE_INFINITY;
  /** `now >= at` first holds at the first whole millisecond at or after `at`. */
  const turnsAt = (at: number) => {
    const instant = Math.ceil(at);
    if (instant > now && instant < next) next = instant;
  };
  /** `now - since <= span` first fails one millisecond after `since + span`. */
  const turnsAfter = (at: number) => turnsAt(Math.floor(at) + 1);
  const controls = protocol.alarmControls;

  // Persistence and artifact holds (evidence.ts `hasPersisted`): a run's first sample, or the
  // newest, plus its persistence time, its return window or its longest wait. Recheck windows
  // (limits.ts `isRecheck`): the newest value plus `confirmWithinMinutes`.
  for (const key of VITAL_KEYS) {
    const persistence = controls.persistence[key];
    const jump = controls.artifactJump[key];
    const spans = [
      persistence.seconds * 1000,
      persistence.maxWaitSeconds * 1000,
      Math.max(persistence.seconds, jump.returnWithinSeconds) * 1000,
    ];
    for (const limit of protocol.alarmLimits) {
      if (limit.parameter === key && limit.confirmWithinMinutes !== undefined) spans.push(limit.confirmWithinMinutes * MINUTE);
    }
    for (const value of weighedSeries(state, key, controls)) {
      for (const span of spans) turnsAt(value.observedAt + span);
    }
  }
  const moaasConfirm = protocol.alarmLimits.filter((limit) => limit.parameter === 'moaas' && limit.confirmWithinMinutes !== undefined);
  const lastMoaas = state.observations.findLast((observation) => observation.body.kind === 'moaas');
  if (lastMoaas !== undefined) for (const limit of moaasConfirm) turnsAt(lastMoaas.observedAt + limit.confirmWithinMinutes! * MINUTE);

  // Overdue checks (rules/overdue.ts): each check's end of grace, and its escalation.
  if (state.dosedAt !== null && isMonitoredPhase(state.phase)) {
    const grace = protocol.checkGraceMinutes * MINUTE;
    const checks = scheduledChecks(doseCourses(state, protocol));
    for (const [index, check] of checks.entries()) {
      const overdueAt = check.dueAt + grace;
      turnsAt(overdueAt);
      turnsAt(escalatesAt(overdueAt + protocol.overdueEscalateAfterMinutes * MINUTE, checks[index + 1]?.dueAt, grace));
    }
  }

  // A device gone quiet (rules/deviceSilence.ts).
  if (state.phase === 'pre_dose' || state.phase === 'monitoring') {
    for (const device of ruleIndexOf(state).devices.values()) turnsAt(device.lastRecordedAt + protocol.deviceSilenceMinutes * MINUTE);
  }

  // The planner: re-alarm after an acknowledgement, escalation of a sounding high alarm, and
  // the end of an episode window (a condition that returns after it is a new alarm).
  for (const record of state.alarms) {
    if (record.status === 'cleared') {
      if (record.conditionClearedAt !== null) turnsAfter(record.conditionClearedAt + controls.episodeWindowMinutes * MINUTE);
      continue;
    }
    if (record.acknowledgedAt !== null) turnsAt(record.acknowledgedAt + protocol.reAlarmAfterAcknowledgeMinutes * MINUTE);
    if (record.lastSoundedAt !== null) turnsAt(record.lastSoundedAt + protocol.escalateUnacknowledgedHighSeconds * 1000);
  }
  return Number.isFinite(next) ? next : null;
}
