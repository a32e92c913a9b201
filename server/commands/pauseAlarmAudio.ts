import { audioPauseUntil } from '../../shared/alerts/selectors';
import type { CommandAck } from '../../shared/realtime/contract';
import type { AlarmPauseAudioRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * Anyone at the screen silences the session's alarm sound on every screen of the room for the
 * protocol's `audioPauseMinutes` (CLINICAL.md "Alarms": audio pause is a temporary silence that
 * comes back by itself, distinct from acknowledging). The end is server time, so every screen
 * lifts the pause at the same moment; nothing is acknowledged. A pause during a pause starts
 * a fresh one from now. Idempotent by command id.
 */
export function pauseAlarmAudio(ctx: CommandContext, request: AlarmPauseAudioRequest): Promise<Result<CommandAck>> {
  // A closed session is refused by the table's phases: it has no alarm sound to pause.
  return runSessionCommand(ctx, 'alarm.pauseAudio', request, 'alarm.audioPaused', (_state, protocol, rules) => ({
    ok: true,
    observedAt: rules.now,
    payload: { untilMs: audioPauseUntil(protocol, rules.now) },
  }));
}
