import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { VitalsRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { VitalSet } from '../../shared/vitals/schema';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';
import { checkObservedAt, latestNow } from './timeWindow';

/**
 * Record a vital set (nurse at the bedside, or a device) in a session's log.
 * A repeat of an already-stored command id is acknowledged again and stores nothing.
 */
export function recordVitals(
  ctx: CommandContext,
  request: { commandId: string; sessionId: string; observedAt: number; vitals: VitalSet },
): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'vitals.record', request, 'vitals.recorded', (state, _protocol, rules) => {
    // The phase machine answers for every command alike (a closed session takes amendments only).
    const allowed = commandAllowed(state, { type: 'vitals.record' }, rules);
    if (!allowed.ok) return allowed;
    const timeProblem = checkObservedAt(request.observedAt, latestNow(ctx.clock, rules.now), state.openedAt);
    if (timeProblem) return timeProblem;
    return { ok: true, observedAt: request.observedAt, payload: { readingId: request.commandId, vitals: request.vitals } };
  });
}

export type { VitalsRecordRequest };
