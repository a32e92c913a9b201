import type { ReadingConfirmRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import { describeActor } from '../../shared/session/actor';
import type { CommandAck } from '../../shared/realtime/contract';
import { clockTime } from './clockTime';
import { runSessionCommand } from './sessionCommand';
import type { CommandContext } from './context';
import { readingOfSession } from './readingRules';

/**
 * A nurse or prescriber confirms a device-entered reading (looked at the patient and the
 * monitor, the number is right). Who and when go on the reading. Only device readings can be
 * confirmed; idempotent by command id. Unknown reading: not_found; a manual reading, one
 * already confirmed or one marked as artifact: conflict with a message saying why.
 */
export async function confirmReading(ctx: CommandContext, request: ReadingConfirmRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'reading.confirm', request, 'reading.confirmed', (state) => {
    const found = readingOfSession(state, request.readingId);
    if (!found.ok) return found;
    const { reading } = found;
    if (reading.recordedBy.kind !== 'device') {
      return fail('conflict', 'Only readings from a device need confirming: this one was entered by hand');
    }
    if (reading.artifact) {
      return fail(
        'conflict',
        `This reading was marked as artifact by ${describeActor(reading.artifact.markedBy)} at ${clockTime(reading.artifact.markedAt)} (${reading.artifact.reason}): it cannot be confirmed`,
      );
    }
    if (reading.confirmedBy && reading.confirmedAt !== undefined) {
      return fail(
        'conflict',
        `This reading was already confirmed by ${describeActor(reading.confirmedBy)} at ${clockTime(reading.confirmedAt)}`,
      );
    }
    return { ok: true, payload: { readingId: request.readingId }, observedAt: ctx.clock.now() };
  });
}
