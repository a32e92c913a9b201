import type { Protocol } from '../protocols/schema';
import { isClosedPhase, isDeviceWatchedPhase } from '../session/phases';
import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import { VITAL_KEYS } from '../vitals/plausibility';
import { weighedSeries } from './evidence';
import { unmetChecks } from './rules/overdue';

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
    // A value typed by a person, or confirmed, never waits on persistence: only its recheck window turns.
    const persistenceSpans = [persistence.seconds, persistence.maxWaitSeconds, Math.max(persistence.seconds, jump.returnWithinSeconds)].map(
      (seconds) => seconds * 1000,
    );
    const recheckSpans = protocol.alarmLimits
      .filter((limit) => limit.parameter === key && limit.confirmWithinMinutes !== undefined)
      .map((limit) => limit.confirmWithinMinutes! * MINUTE);
    for (const value of weighedSeries(state, key, controls)) {
      if (!value.deliberate) for (const span of persistenceSpans) turnsAt(value.observedAt + span);
      for (const span of recheckSpans) turnsAt(value.observedAt + span);
    }
  }
  const moaasConfirm = protocol.alarmLimits.filter((limit) => limit.parameter === 'moaas' && limit.confirmWithinMinutes !== undefined);
  const lastMoaas = state.observations.findLast((observation) => observation.body.kind === 'moaas');
  if (lastMoaas !== undefined) for (const limit of moaasConfirm) turnsAt(lastMoaas.observedAt + limit.confirmWithinMinutes! * MINUTE);

  // Overdue checks (rules/overdue.ts): each unmet check's end of grace, and its escalation.
  for (const unmet of unmetChecks(state, protocol)) {
    turnsAt(unmet.overdueAt);
    turnsAt(unmet.escalatesAt);
  }

  // A device gone quiet (rules/deviceSilence.ts).
  if (isDeviceWatchedPhase(state.phase)) {
    for (const device of ruleIndexOf(state).devices.values()) turnsAt(device.lastRecordedAt + protocol.deviceSilenceMinutes * MINUTE);
  }

  // The planner: re-alarm after an acknowledgement, escalation of a sounding high alarm, and
  // the end of an episode window (a condition that returns after it is a new alarm).
  for (const record of state.alarms) {
    if (record.status === 'cleared') {
      if (record.conditionClearedAt !== null) turnsAfter(record.conditionClearedAt + controls.episodeWindowMinutes * MINUTE);
      continue;
    }
    // planner.ts: only an active, acknowledged alarm re-alarms; only a sounding, unacknowledged high one escalates.
    if (record.status === 'active' && record.acknowledgedAt !== null) {
      turnsAt(record.acknowledgedAt + protocol.reAlarmAfterAcknowledgeMinutes * MINUTE);
    }
    const sounding = record.status === 'active' || record.status === 'latched';
    const escalatedSinceSounding =
      record.escalatedAt !== null && record.lastSoundedAt !== null && record.escalatedAt >= record.lastSoundedAt;
    if (
      record.priority === 'high' &&
      sounding &&
      record.acknowledgedAt === null &&
      record.lastSoundedAt !== null &&
      !escalatedSinceSounding
    ) {
      turnsAt(record.lastSoundedAt + protocol.escalateUnacknowledgedHighSeconds * 1000);
    }
  }
  return Number.isFinite(next) ? next : null;
}
