import type { CommandAck } from '../../shared/realtime/contract';
import type { QuestionnaireRecordRequest } from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import type { Transaction } from 'kysely';
import { completeHandover } from '../store/handovers';
import { handoverLock } from '../store/rowLocks';
import type { Database } from '../store/schema';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';
import { checkMeasuredCommand } from './timeWindow';

/**
 * Record a PHQ-9 or GAD-7 before the dose (`questionnaire.record`), asked by a clinician or
 * answered by the patient on the handed-over tablet. The score is derived from the answers by
 * the session's fold; PHQ-9 item 9 above 0 raises its alarm through the alarm engine after commit.
 */
export function recordQuestionnaire(
  ctx: CommandContext,
  request: QuestionnaireRecordRequest,
  /** The handed-over sign-in the patient answered on: the record says so, and its lock notes the answers in the same transaction. */
  handedOver: { tokenHash: string } | null = null,
): Promise<Result<CommandAck>> {
  const withLock = handedOver
    ? {
        ...ctx,
        commitsWith: {
          locks: [handoverLock(handedOver.tokenHash)],
          write: (trx: Transaction<Database>) => completeHandover(trx, handedOver.tokenHash, ctx.clock.now()),
        },
      }
    : ctx;
  return runSessionCommand(withLock, 'questionnaire.record', request, 'questionnaire.recorded', (state, _protocol, rules) => {
    const refused = checkMeasuredCommand(state, { type: 'questionnaire.record' }, request.observedAt, rules);
    if (refused) return refused;
    return {
      ok: true,
      observedAt: request.observedAt,
      payload: {
        questionnaireId: request.commandId,
        ...request.questionnaire,
        completedBy: handedOver ? 'patient' : request.completedBy,
        ...(handedOver ? { handedOver: true as const } : {}),
      },
    };
  });
}
