import { commandAllowed } from '../../shared/lifecycle/phases';
import type { Handover } from '../../shared/questionnaires/handover';
import type { CommandAck } from '../../shared/realtime/contract';
import type { QuestionnaireHandOverRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import type { Transaction } from 'kysely';
import { insertHandover } from '../store/handovers';
import { handoverLock } from '../store/rowLocks';
import type { Database } from '../store/schema';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * Hands the tablet to the patient for one questionnaire (`questionnaire.handOver`, before the
 * dose): stores `questionnaire.handedOver` (the actor handed it over) and, in the same
 * transaction, locks the sign-in `tokenHash` to that questionnaire (server/store/handovers.ts).
 * From then on that sign-in reaches nothing else until a staff member signs in
 * (`AuthService.endHandover`). Idempotent by command id.
 */
export function handOverQuestionnaire(
  ctx: CommandContext,
  request: QuestionnaireHandOverRequest,
  tokenHash: string,
): Promise<Result<CommandAck>> {
  if (!ctx.user) return Promise.resolve(fail('forbidden', 'Only a signed-in clinician can hand the tablet over'));
  const at = ctx.clock.now();
  const handover: Handover = {
    sessionId: request.sessionId,
    instrument: request.instrument,
    handedOverAt: at,
    handedOverBy: { userId: ctx.user.userId, displayName: ctx.user.displayName },
    completedAt: null,
  };
  const locked = {
    ...ctx,
    commitsWith: { locks: [handoverLock(tokenHash)], write: (trx: Transaction<Database>) => insertHandover(trx, tokenHash, handover) },
  };
  return runSessionCommand(locked, 'questionnaire.handOver', request, 'questionnaire.handedOver', (state, _protocol, rules) => {
    const allowed = commandAllowed(state, { type: 'questionnaire.record' }, rules);
    if (!allowed.ok) return allowed;
    return { ok: true, observedAt: at, payload: { instrument: request.instrument } };
  });
}
