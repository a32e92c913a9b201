import { commandAllowed, type CommandContext as RulesContext, type LifecycleCommand } from '../../shared/lifecycle/phases';
import { fail, type Failure } from '../../shared/result';
import type { SessionState } from '../../shared/session/state';
import { isClinicalClock, type Clock } from '../clock';

/** A bedside clock may run a little ahead of the server's; beyond this, "measured at" is refused. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;
/** Readings taken before the session was opened are accepted up to this far back (a baseline taken in the waiting room). */
export const BEFORE_OPEN_TOLERANCE_MS = 6 * 3600_000;

/**
 * The time "measured at" may not run ahead of (by more than the tolerance): the server's time, or
 * the wall clock while the server absorbs a forward step of it, so that a monitor or tablet with
 * the right time is never refused as "in the future".
 */
export function latestNow(clock: Clock, now: number): number {
  return isClinicalClock(clock) ? Math.max(now, clock.latestNow()) : now;
}

/** Checks a "measured at" time against the server clock (`latest`: see `latestNow`) and the session's opening. */
export function checkObservedAt(observedAt: number, latest: number, openedAt: number): Failure | null {
  if (observedAt > latest + FUTURE_TOLERANCE_MS) {
    return fail('invalid_input', '"Measured at" is in the future — check the time', [
      { path: ['observedAt'], message: '"Measured at" cannot be in the future' },
    ]);
  }
  if (observedAt < openedAt - BEFORE_OPEN_TOLERANCE_MS) {
    return fail('invalid_input', '"Measured at" is long before this session was opened — check the date', [
      { path: ['observedAt'], message: 'More than 6 hours before the session was opened' },
    ]);
  }
  return null;
}

/**
 * A command that records something measured at `observedAt`: the phase machine's answer first,
 * then the time check. The first failure, or null when both allow it.
 */
export function checkMeasuredCommand(
  state: SessionState,
  command: LifecycleCommand,
  observedAt: number,
  rules: RulesContext,
): Failure | null {
  const allowed = commandAllowed(state, command, rules);
  if (!allowed.ok) return allowed;
  return checkObservedAt(observedAt, rules.now, state.openedAt);
}
