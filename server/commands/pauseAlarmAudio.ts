import { audioPauseUntil } from '../../shared/alerts/selectors';
import type { AlarmPauseAudioRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import type { SessionEvent } from '../../shared/session/events';
import { previousOf } from './acknowledgeAlarm';
import type { CommandContext } from './context';

const OPEN_PHASES = new Set(['pre_dose', 'monitoring', 'ready_for_discharge']);

/**
 * Anyone at the screen silences the session's alarm sound on every screen of the room for the
 * protocol's `audioPauseMinutes` (CLINICAL.md "Alarms": audio pause is a temporary silence that
 * comes back by itself, distinct from acknowledging). The end is server time, so every screen
 * lifts the pause at the same moment; nothing is acknowledged. A pause during a pause starts
 * a fresh one from now. Idempotent by command id.
 */
export async function pauseAlarmAudio(
  ctx: CommandContext,
  request: AlarmPauseAudioRequest,
): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
  const previous = await previousOf(ctx, request, 'alarm.audioPaused');
  if (previous) return previous;
  const result = await ctx.sessions.decideAndAppend(request.sessionId, (state, protocol) => {
    if (!OPEN_PHASES.has(state.phase)) return fail('conflict', 'This session is closed: there is no alarm sound to pause');
    const now = ctx.clock.now();
    return {
      ok: true,
      drafts: [
        {
          sessionId: request.sessionId,
          type: 'alarm.audioPaused',
          payload: { untilMs: audioPauseUntil(protocol, now) },
          observedAt: now,
          actor: ctx.actor,
          commandId: request.commandId,
        },
      ],
    };
  });
  if (!result.ok) {
    // The same command sent twice at once: the first stored it, so this one is a repeat.
    const raced = await previousOf(ctx, request, 'alarm.audioPaused');
    return raced ?? result;
  }
  const event = result.events[0];
  if (!event) return fail('internal', 'The audio pause was not stored');
  return { ok: true, event, duplicate: result.duplicate };
}
