import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { PredoseAcknowledgeAdvisoryRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * A prescriber accepts a baseline blood pressure above the protocol's advisory limit, so the
 * dose may go ahead. Refused when there is nothing to acknowledge (no baseline, within limits,
 * already acknowledged).
 */
export function acknowledgePredoseAdvisory(ctx: CommandContext, request: PredoseAcknowledgeAdvisoryRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'predose.acknowledgeAdvisory', request, 'predose.advisoryAcknowledged', (state, _protocol, rules) => {
    const allowed = commandAllowed(state, { type: 'predose.acknowledgeAdvisory' }, rules);
    if (!allowed.ok) return allowed;
    return { ok: true, observedAt: rules.now, payload: request.reason ? { reason: request.reason } : {} };
  });
}
