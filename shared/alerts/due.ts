import type { Protocol } from '../protocols/schema';
import { isClosedPhase, isDeviceWatchedPhase } from '../session/phases';
import { recentWindowOf, type TailValue } from '../session/recentTails';
import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import { VITAL_KEYS } from '../vitals/plausibility';
import { unmetChecks } from './rules/overdue';

const MINUTE = 60_000;

/**
 * The first whole millisecond after `now` at which `now >= observedAt + spanMs` turns for one of
 * the values `tail[from..]` (device samples only, when `deviceOnly`), or undefined. The tail is
 * in record order, so `observedAt` never decreases along it: the values still ahead are the
 * newest ones, and the oldest of them (a binary search finds it) turns first.
 */
function firstTurning(tail: readonly TailValue[], from: number, spanMs: number, now: number, deviceOnly: boolean): number | undefined {
  let low = from;
  let high = tail.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (Math.ceil(tail[middle]!.observedAt + spanMs) > now) high = middle;
    else low = middle + 1;
  }
  while (deviceOnly && low < tail.length && tail[low]!.deliberate) low += 1;
  return low < tail.length ? Math.ceil(tail[low]!.observedAt + spanMs) : undefined;
}

/**
 * The first instant after `now`, in whole milliseconds, at which time alone changes how the
 * rules read the recent values of the vitals, or null. Persistence and artifact holds
 * (evidence.ts `hasPersisted`): a run's first sample, or the newest, plus its persistence time,
 * its return window or its longest wait. Recheck windows (limits.ts `isRecheck`): the newest
 * value plus `confirmWithinMinutes`. Every recent value (suspected artifacts too) is a
 * candidate; of one span only the first instant still ahead matters (`firstTurning`).
 */
export function nextEvidenceTurnAt(state: SessionState, protocol: Protocol, now: number): number | null {
  const { persistence, artifactJump } = protocol.alarmControls;
  const { recent } = ruleIndexOf(state);
  let next = Number.POSITIVE_INFINITY;
  const turns = (instant: number | undefined) => {
    if (instant !== undefined && instant < next) next = instant;
  };
  for (const key of VITAL_KEYS) {
    const tail = recent[key];
    const { from } = recentWindowOf(tail, state.lastRecordedAt);
    const { seconds, maxWaitSeconds } = persistence[key];
    // A value typed by a person, or confirmed, never waits on persistence: only its recheck window turns.
    turns(firstTurning(tail, from, seconds * 1000, now, true));
    turns(firstTurning(tail, from, maxWaitSeconds * 1000, now, true));
    turns(firstTurning(tail, from, Math.max(seconds, artifactJump[key].returnWithinSeconds) * 1000, now, true));
    for (const limit of protocol.alarmLimits) {
      if (limit.parameter === key && limit.confirmWithinMinutes !== undefined) {
        turns(firstTurning(tail, from, limit.confirmWithinMinutes * MINUTE, now, false));
      }
    }
  }
  return Number.isFinite(next) ? next : null;
}

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

  // Persistence, artifact holds and recheck windows of the vitals' recent values; a MOAA/S recheck.
  const evidenceTurn = nextEvidenceTurnAt(state, protocol, now);
  if (evidenceTurn !== null) turnsAt(evidenceTurn);
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
