import { resolveDoseMg } from '../../shared/lifecycle/dose';
import type { CommandAck } from '../../shared/realtime/contract';
import type { DoseRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';
import { checkMeasuredCommand } from './timeWindow';

/**
 * Record a dose or a further device of one (the first starts the observation clock; a further
 * dose restarts the schedule and minimum for its route; a device continues its dose). The mg is as stated, or mg/kg x weight for weight-based protocols. The first dose
 * needs a baseline, a complete pre-dose checklist and, for a high baseline, the prescriber's
 * acknowledgement.
 */
export function recordDose(ctx: CommandContext, request: DoseRecordRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'dose.record', request, 'dose.recorded', (state, _protocol, rules) => {
    const { observedAt, drug, route, lotNumber, mgPerKg, weightKg, deviceCount, deviceOfDoseId } = request;
    const refused = checkMeasuredCommand(state, { type: 'dose.record', observedAt, route, deviceCount, deviceOfDoseId }, observedAt, rules);
    if (refused) return refused;
    const amount = resolveDoseMg(request);
    if (!amount.ok) return amount;
    return {
      ok: true,
      observedAt,
      payload: {
        doseId: request.commandId,
        drug,
        doseMg: amount.doseMg,
        route,
        lotNumber,
        ...(mgPerKg !== undefined ? { mgPerKg } : {}),
        ...(weightKg !== undefined ? { weightKg } : {}),
        ...(deviceCount !== undefined ? { deviceCount } : {}),
        ...(deviceOfDoseId !== undefined ? { deviceOfDoseId } : {}),
      },
    };
  });
}
