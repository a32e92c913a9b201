import type { OutboxEntry } from '../outbox/storage';
import type { CommandEvent } from '../realtime/commands';
import { newCommandId } from '../realtime/commands';
import { portal } from '../realtime/instance';

/** Sends one lifecycle command of a session (through the outbox); the panels get this as a prop. */
export type SubmitCommand = (event: CommandEvent, fields: Record<string, unknown>) => Promise<void>;

export function sessionSubmitter(sessionId: string): SubmitCommand {
  return async (event, fields) => {
    await portal.submit(event, { ...fields, commandId: newCommandId(), sessionId });
  };
}

/** This person's queued or refused entries of some commands for one session, oldest first. */
export function pendingOf(entries: OutboxEntry[], sessionId: string, userId: string, events: readonly CommandEvent[]): OutboxEntry[] {
  return entries.filter((entry) => entry.sessionId === sessionId && entry.userId === userId && events.includes(entry.event));
}
