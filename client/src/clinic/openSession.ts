import { domainStore } from '../app/domainStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { OutboxEntry } from '../outbox/storage';
import { newCommandId } from '../realtime/commands';
import type { Portal } from '../realtime/portal';

/**
 * Sessions this screen asked to open, by room: once the room shows a session and the command
 * has left the outbox accepted, the clinic page goes to that session.
 */
export const openingStore = domainStore<{ byRoom: Record<string, string> }>(() => ({ byRoom: {} }));

export async function openSessionInRoom(
  portal: Pick<Portal, 'submit'>,
  request: { roomId: string; patientAlias: string; protocolId: string; patientId?: string; patientBirthYear?: number },
): Promise<void> {
  const commandId = newCommandId();
  openingStore.setState((current) => ({ byRoom: { ...current.byRoom, [request.roomId]: commandId } }));
  await portal.submit('session.open', { ...request, commandId });
}

export function forgetOpening(roomId: string): void {
  openingStore.setState((current) => {
    const byRoom = { ...current.byRoom };
    delete byRoom[roomId];
    return { byRoom };
  });
}

/** The session id to go to: a room this screen opened that now has a session, the command no longer queued or refused. */
export function openedSession(
  byRoom: Record<string, string>,
  rooms: RoomSummary[] | null,
  entries: OutboxEntry[],
): { roomId: string; sessionId: string } | null {
  for (const [roomId, commandId] of Object.entries(byRoom)) {
    if (entries.some((entry) => entry.commandId === commandId)) continue;
    const session = rooms?.find((room) => room.roomId === roomId)?.session;
    if (session) return { roomId, sessionId: session.sessionId };
  }
  return null;
}
