import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { ChecklistTickRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * Tick a pre-dose or discharge checklist item as the acting person. The protocol says which
 * roles may tick each item; a pre-dose item is frozen once the dose is given; an item that
 * needs a date (integration session booked) must carry one.
 */
export function tickChecklistItem(ctx: CommandContext, request: ChecklistTickRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'checklist.tick', request, 'checklist.itemTicked', (state, _protocol, rules) => {
    const { checklist, itemId, note, date } = request;
    const allowed = commandAllowed(state, { type: 'checklist.tick', checklist, itemId, date }, rules);
    if (!allowed.ok) return allowed;
    return {
      ok: true,
      observedAt: rules.now,
      payload: { checklist, itemId, ...(note ? { note } : {}), ...(date !== undefined ? { date } : {}) },
    };
  });
}
