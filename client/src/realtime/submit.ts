import { useMemo } from 'react';
import type { OutboxEntry } from '../outbox/storage';
import type { RequestOf } from '../../../shared/realtime/commands';
import type { CommandEvent, CommandFields } from './commands';
import { newCommandId } from './commands';
import type { Portal } from './portal';
import { usePortal } from './PortalProvider';

/** Sends one lifecycle command of a session (through the outbox); the panels get this as a prop. */
export type SubmitCommand = <E extends SessionCommandEvent>(event: E, fields: CommandFields<E>) => Promise<void>;

/** The commands that act on one existing session (all but opening one). */
export type SessionCommandEvent = Exclude<CommandEvent, 'session.open'>;

/** A submit for one session's commands through a portal's outbox (`useSessionSubmit` in components). */
export function sessionSubmitter(portal: Pick<Portal, 'submit'>, sessionId: string): SubmitCommand {
  return async (event, fields) => {
    // Every session command's request is its fields plus the command id and the session.
    const request = { ...fields, commandId: newCommandId(), sessionId } as RequestOf<typeof event>;
    await portal.submit(event, request);
  };
}

/** This person's queued or refused entries of some commands for one session, oldest first. */
export function pendingOf(entries: OutboxEntry[], sessionId: string, userId: string, events: readonly CommandEvent[]): OutboxEntry[] {
  return entries.filter((entry) => entry.sessionId === sessionId && entry.userId === userId && events.includes(entry.event));
}

/** This screen's submit for one session's commands. */
export function useSessionSubmit(sessionId: string): SubmitCommand {
  const portal = usePortal();
  return useMemo(() => sessionSubmitter(portal, sessionId), [portal, sessionId]);
}
