import type { ReadingMarkArtifactRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import { describeActor } from '../../shared/session/actor';
import type { CommandAck } from '../../shared/realtime/contract';
import { clockTime } from './clockTime';
import { runSessionCommand } from './sessionCommand';
import type { CommandContext } from './context';
import { readingOfSession } from './readingRules';

/**
 * A nurse strikes a reading through as artifact (cuff moved, probe off) with a reason. The
 * reading stays in the record; the rules ignore it from now on, so the alarm engine clears the
 * alarms it caused after this commits. Idempotent by command id. Unknown reading: not_found;
 * already marked: conflict naming who marked it and why.
 */
export async function markArtifact(ctx: CommandContext, request: ReadingMarkArtifactRequest): Promise<Result<CommandAck>> {
  return runSessionCommand(ctx, 'reading.markArtifact', request, 'reading.artifactMarked', (state) => {
    const found = readingOfSession(state, request.readingId);
    if (!found.ok) return found;
    const { reading } = found;
    if (reading.artifact) {
      return fail(
        'conflict',
        `This reading was already marked as artifact by ${describeActor(reading.artifact.markedBy)} at ${clockTime(reading.artifact.markedAt)} (${reading.artifact.reason})`,
      );
    }
    return { ok: true, payload: { readingId: request.readingId, reason: request.reason }, observedAt: ctx.clock.now() };
  });
}
