import { findOpenAlarm } from '../../shared/alerts/selectors';
import type { AlarmAcknowledgeRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import { describeActor } from '../../shared/session/actor';
import type { SessionEvent } from '../../shared/session/events';
import type { CommandContext } from './context';

/** "09:41:05 UTC": when something happened, in words for a message. */
export function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/** A stored event for this command id, checked to be the same kind of command on the same session. */
export async function previousOf(ctx: CommandContext, request: { commandId: string; sessionId: string }, type: SessionEvent['type']) {
  const previous = await ctx.sessions.findCommand(request.commandId);
  if (!previous) return null;
  if (previous.type !== type || previous.sessionId !== request.sessionId) {
    return fail('conflict', 'This command id was already used for something else');
  }
  return { ok: true as const, event: previous, duplicate: true };
}

/**
 * A nurse or prescriber owns an open alarm (who and when go in the record; an optional note).
 * Acknowledging stops its sound on every screen; a latched alarm (condition already gone)
 * closes. Idempotent by command id. Unknown alarm: not_found; one already acknowledged or
 * already cleared: conflict, saying by whom and when.
 */
export async function acknowledgeAlarm(
  ctx: CommandContext,
  request: AlarmAcknowledgeRequest,
): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
  const previous = await previousOf(ctx, request, 'alarm.acknowledged');
  if (previous) return previous;
  const result = await ctx.sessions.decideAndAppend(request.sessionId, (state) => {
    const open = findOpenAlarm(state, request.alarmId);
    if (!open) {
      const last = state.alarms.filter((record) => record.alarmId === request.alarmId).at(-1);
      if (!last) return fail('not_found', 'There is no such alarm in this session');
      return fail('conflict', `This alarm already cleared at ${clockTime(last.clearedAt ?? last.raisedAt)}: there is nothing to acknowledge`);
    }
    if (open.acknowledgedAt !== null && open.acknowledgedBy !== null) {
      return fail(
        'conflict',
        `This alarm was already acknowledged by ${describeActor(open.acknowledgedBy)} at ${clockTime(open.acknowledgedAt)}`,
      );
    }
    const note = request.note?.trim();
    return {
      ok: true,
      drafts: [
        {
          sessionId: request.sessionId,
          type: 'alarm.acknowledged',
          payload: note ? { alarmId: request.alarmId, note } : { alarmId: request.alarmId },
          observedAt: ctx.clock.now(),
          actor: ctx.actor,
          commandId: request.commandId,
        },
      ],
    };
  });
  if (!result.ok) {
    // The same command sent twice at once: the first stored it, so this one is a repeat.
    const raced = await previousOf(ctx, request, 'alarm.acknowledged');
    return raced ?? result;
  }
  const event = result.events[0];
  if (!event) return fail('internal', 'The acknowledgement was not stored');
  return { ok: true, event, duplicate: result.duplicate };
}
