import type { ReadingMarkArtifactRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import { describeActor } from '../../shared/session/actor';
import type { SessionEvent } from '../../shared/session/events';
import { clockTime, previousOf } from './acknowledgeAlarm';
import { catchUpWithStore } from '../alarms/catchUp';
import type { CommandContext } from './context';
import { readingOfOpenSession } from './readingRules';

/**
 * A nurse strikes a reading through as artifact (cuff moved, probe off) with a reason. The
 * reading stays in the record; the rules ignore it from now on, so the alarm engine clears the
 * alarms it caused after this commits. Idempotent by command id. Unknown reading: not_found;
 * already marked: conflict naming who marked it and why.
 */
export async function markArtifact(
  ctx: CommandContext,
  request: ReadingMarkArtifactRequest,
): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
  const previous = await previousOf(ctx, request, 'reading.artifactMarked');
  if (previous) return previous;
  // Decide on the record as stored, including what another server node committed.
  await catchUpWithStore(ctx.sessions, request.sessionId);
  const result = await ctx.sessions.decideAndAppend(request.sessionId, (state) => {
    const found = readingOfOpenSession(state, request.readingId);
    if (!found.ok) return found;
    const { reading } = found;
    if (reading.artifact) {
      return fail(
        'conflict',
        `This reading was already marked as artifact by ${describeActor(reading.artifact.markedBy)} at ${clockTime(reading.artifact.markedAt)} (${reading.artifact.reason})`,
      );
    }
    return {
      ok: true,
      drafts: [
        {
          sessionId: request.sessionId,
          type: 'reading.artifactMarked',
          payload: { readingId: request.readingId, reason: request.reason },
          observedAt: ctx.clock.now(),
          actor: ctx.actor,
          commandId: request.commandId,
        },
      ],
    };
  });
  if (!result.ok) {
    const raced = await previousOf(ctx, request, 'reading.artifactMarked');
    return raced ?? result;
  }
  const event = result.events[0];
  if (!event) return fail('internal', 'The artifact mark was not stored');
  return { ok: true, event, duplicate: result.duplicate };
}
