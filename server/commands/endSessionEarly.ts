import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { SessionEndEarlyRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/** End the session before discharge (before or after the dose), with the reason kept in the record. */
export function endSessionEarly(ctx: CommandContext, request: SessionEndEarlyRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'session.endEarly', request, 'session.endedEarly', (state, _protocol, rules) => {
    const allowed = commandAllowed(state, { type: 'session.endEarly', reason: request.reason }, rules);
    if (!allowed.ok) return allowed;
    return { ok: true, observedAt: rules.now, payload: { reason: request.reason } };
  });
}
