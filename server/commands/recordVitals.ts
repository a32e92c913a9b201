import type { VitalsRecordRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import type { SessionEvent } from '../../shared/session/events';
import type { VitalSet } from '../../shared/vitals/schema';
import type { CommandContext } from './context';
import { checkObservedAt } from './timeWindow';

const WRITABLE_PHASES = new Set(['pre_dose', 'monitoring', 'ready_for_discharge']);

/**
 * Record a vital set (nurse at the bedside, or a device) in a session's log.
 * A repeat of an already-stored command id is acknowledged again and stores nothing.
 */
export async function recordVitals(
  ctx: CommandContext,
  request: { commandId: string; sessionId: string; observedAt: number; vitals: VitalSet },
): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
  const previous = await ctx.sessions.findCommand(request.commandId);
  if (previous) {
    if (previous.type !== 'vitals.recorded' || previous.sessionId !== request.sessionId) {
      return fail('conflict', 'This command id was already used for something else');
    }
    return { ok: true, event: previous, duplicate: true };
  }
  const state = await ctx.sessions.getState(request.sessionId);
  if (!state) return fail('not_found', 'No such session');
  if (!WRITABLE_PHASES.has(state.phase)) {
    return fail('conflict', 'This session is closed: readings can no longer be added (use an amendment)');
  }
  const timeProblem = checkObservedAt(request.observedAt, ctx.clock.now(), state.openedAt);
  if (timeProblem) return timeProblem;
  const { events, duplicate } = await ctx.sessions.append(request.sessionId, [
    {
      sessionId: request.sessionId,
      type: 'vitals.recorded',
      payload: { readingId: request.commandId, vitals: request.vitals },
      observedAt: request.observedAt,
      actor: ctx.actor,
      commandId: request.commandId,
    },
  ]);
  const event = events[0];
  if (!event) return fail('internal', 'The reading was not stored');
  return { ok: true, event, duplicate };
}

export type { VitalsRecordRequest };
