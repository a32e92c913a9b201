import { randomUUID } from 'node:crypto';
import { fail, type Result } from '../../shared/result';
import type { SessionEvent } from '../../shared/session/events';
import type { Protocol } from '../../shared/protocols/schema';
import type { CommandContext } from './context';

export interface OpenSessionInput {
  commandId: string;
  roomId: string;
  patientAlias: string;
  /** The patient record the session belongs to; its alias now is `patientAlias`. */
  patientId?: string;
  protocol: Protocol;
  openedAt?: number;
  sessionId?: string;
}

/**
 * Open a session for a patient in a room with a protocol. The protocol as it is now is kept
 * with the session, so later edits to the protocol do not change a running session.
 */
export async function openSession(
  ctx: CommandContext,
  input: OpenSessionInput,
): Promise<Result<{ event: SessionEvent; duplicate: boolean }>> {
  const sessionId = input.sessionId ?? randomUUID();
  const result = await ctx.sessions.open(
    {
      sessionId,
      type: 'session.opened',
      payload: {
        roomId: input.roomId,
        patientAlias: input.patientAlias,
        ...(input.patientId !== undefined ? { patientId: input.patientId } : {}),
        protocolId: input.protocol.id,
        protocolName: input.protocol.name,
      },
      observedAt: input.openedAt ?? ctx.clock.now(),
      actor: ctx.actor,
      commandId: input.commandId,
    },
    input.roomId,
    JSON.stringify(input.protocol),
    ctx.audit,
  );
  if (result.event.type !== 'session.opened') return fail('conflict', 'This command id was already used for something else');
  return { ok: true, event: result.event, duplicate: result.duplicate };
}
