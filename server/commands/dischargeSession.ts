import { decideDischarge } from '../../shared/lifecycle/commandRules';
import { commandAllowed } from '../../shared/lifecycle/phases';
import type { CommandAck } from '../../shared/realtime/contract';
import type { SessionDischargeRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * Discharge the patient now. Home: when every discharge item holds; with items failing only
 * for a prescriber who gives a reason (stored with the ids of the failing items), and never
 * below a regulatory floor. Transferred to emergency care or left against advice: any time,
 * with a reason.
 * After this the session is read-only (corrections are amendments).
 */
export function dischargeSession(ctx: CommandContext, request: SessionDischargeRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'session.discharge', request, 'session.discharged', (state, _protocol, rules) => {
    const { overrideReason, disposition, dispositionReason } = request;
    const command = { type: 'session.discharge' as const, overrideReason, disposition, dispositionReason };
    const allowed = commandAllowed(state, command, rules);
    if (!allowed.ok) return allowed;
    const decision = decideDischarge(state, command, rules);
    if (!decision.ok) return decision;
    return { ok: true, observedAt: rules.now, payload: decision.payload };
  });
}
