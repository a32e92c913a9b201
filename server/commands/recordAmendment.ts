import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { AmendmentRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * Correct an earlier entry without rewriting it: a dose's time (which moves the observation
 * clock) or lot number, or a correction note on any entry. Always with a reason; allowed after
 * discharge too, since the record is otherwise read-only then.
 */
export function recordAmendment(ctx: CommandContext, request: AmendmentRecordRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'amendment.record', request, 'amendment.recorded', (state, _protocol, rules) => {
    const { targetSeq, reason, change } = request;
    const allowed = commandAllowed(state, { type: 'amendment.record', targetSeq, reason, change }, rules);
    if (!allowed.ok) return allowed;
    return { ok: true, observedAt: rules.now, payload: { targetSeq, reason, change } };
  });
}
