import { acknowledgeActionFor, mayAcknowledgeAlarm } from '../../shared/alerts/acknowledgement';
import { findOpenAlarm } from '../../shared/alerts/selectors';
import { forbiddenMessage } from '../../shared/policy';
import type { CommandAck } from '../../shared/realtime/contract';
import type { AlarmAcknowledgeRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import { describeActor } from '../../shared/session/actor';
import { clockTime } from './clockTime';
import type { CommandContext } from './context';
import { runSessionCommand } from './sessionCommand';

/**
 * A nurse or prescriber owns an open alarm (a therapist too when it is PHQ-9 item 9's self-harm alarm) (who and when go in the record; an optional note).
 * Acknowledging stops its sound on every screen; a latched alarm (condition already gone)
 * closes. Idempotent by command id. Unknown alarm: not_found; one already acknowledged or
 * already cleared: conflict, saying by whom and when.
 */
export function acknowledgeAlarm(ctx: CommandContext, request: AlarmAcknowledgeRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'alarm.acknowledge', request, 'alarm.acknowledged', (state, _protocol, rules) => {
    const open = findOpenAlarm(state, request.alarmId);
    if (!open) {
      const last = state.alarms.filter((record) => record.alarmId === request.alarmId).at(-1);
      if (!last) return fail('not_found', 'There is no such alarm in this session');
      return fail(
        'conflict',
        `This alarm already cleared at ${clockTime(last.clearedAt ?? last.raisedAt)}: there is nothing to acknowledge`,
      );
    }
    if (rules.role === null || !mayAcknowledgeAlarm(rules.role, open.kind)) {
      return fail('forbidden', forbiddenMessage(acknowledgeActionFor(open.kind)));
    }
    if (open.acknowledgedAt !== null && open.acknowledgedBy !== null) {
      return fail(
        'conflict',
        `This alarm was already acknowledged by ${describeActor(open.acknowledgedBy)} at ${clockTime(open.acknowledgedAt)}`,
      );
    }
    const note = request.note?.trim();
    return {
      ok: true,
      observedAt: rules.now,
      payload: note ? { alarmId: request.alarmId, note } : { alarmId: request.alarmId },
    };
  });
}
