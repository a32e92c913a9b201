import type { CommandAck } from '../../shared/realtime/contract';
import type { ObservationRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';
import { checkMeasuredCommand } from './timeWindow';

/**
 * Record a therapist's (or nurse's) observation: MOAA/S, dissociation, "peak effect now",
 * "returned to baseline now", nausea, a note. It lands on the timeline and feeds discharge.
 */
export function recordObservation(ctx: CommandContext, request: ObservationRecordRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'observation.record', request, 'observation.recorded', (state, _protocol, rules) => {
    const refused = checkMeasuredCommand(
      state,
      { type: 'observation.record', observation: request.observation },
      request.observedAt,
      rules,
    );
    if (refused) return refused;
    return {
      ok: true,
      observedAt: request.observedAt,
      payload: { observationId: request.commandId, observation: request.observation },
    };
  });
}
