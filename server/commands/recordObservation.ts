import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { ObservationRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';
import { checkObservedAt } from './timeWindow';

/**
 * Record a therapist's (or nurse's) observation: MOAA/S, dissociation, "peak effect now",
 * "returned to baseline now", nausea, a note. It lands on the timeline and feeds discharge.
 */
export function recordObservation(ctx: CommandContext, request: ObservationRecordRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'observation.record', request, 'observation.recorded', (state, _protocol, rules) => {
    const allowed = commandAllowed(state, { type: 'observation.record', observation: request.observation }, rules);
    if (!allowed.ok) return allowed;
    const timeProblem = checkObservedAt(request.observedAt, rules.now, state.openedAt);
    if (timeProblem) return timeProblem;
    return {
      ok: true,
      observedAt: request.observedAt,
      payload: { observationId: request.commandId, observation: request.observation },
    };
  });
}
