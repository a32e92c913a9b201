import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { ChecklistUntickRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/** Take back a tick (ticked by mistake, or no longer true), by a person allowed to tick that item. */
export function untickChecklistItem(ctx: CommandContext, request: ChecklistUntickRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'checklist.untick', request, 'checklist.itemUnticked', (state, _protocol, rules) => {
    const { checklist, itemId } = request;
    const allowed = commandAllowed(state, { type: 'checklist.untick', checklist, itemId }, rules);
    if (!allowed.ok) return allowed;
    return { ok: true, observedAt: rules.now, payload: { checklist, itemId } };
  });
}
