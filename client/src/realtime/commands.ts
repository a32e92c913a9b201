import type { ClientToServerEvents, CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';

/** The contract's events that append to a session and answer with a CommandAck. */
export type CommandEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[1] extends (result: Result<CommandAck>) => void
    ? E
    : never;
}[keyof ClientToServerEvents];

/** A command's answer, or `undefined` when it never arrived (disconnected, timed out): try again later. */
export type CommandOutcome = Result<CommandAck> | undefined;

export function newCommandId(): string {
  return crypto.randomUUID();
}
