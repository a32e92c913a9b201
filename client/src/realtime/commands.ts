import type { CommandAck, CommandName, RequestOf } from '../../../shared/realtime/commands';
import type { Result } from '../../../shared/result';

/** The contract's commands: they append to a session and answer with a CommandAck (they go through the outbox). */
export type CommandEvent = CommandName;

/** The fields a screen fills in for a session command; the command id and the session are added when it is queued. */
export type CommandFields<E extends CommandEvent> = Omit<RequestOf<E>, 'commandId' | 'sessionId'>;

/** A command's answer, or `undefined` when it never arrived (disconnected, timed out): try again later. */
export type CommandOutcome = Result<CommandAck> | undefined;

export function newCommandId(): string {
  return crypto.randomUUID();
}
