import type { RoomSummary } from '../../shared/clinic/rooms';
import { trackBedsidePresence } from './bedsidePresence';
import type { ClinicService } from '../clinic/clinicService';
import type { SessionService } from '../sessions/sessionService';
import { rooms, type VigilServer } from './types';

/**
 * Sends committed events to every screen watching the session, and the room's new summary to
 * every clinic screen. Registered as a commit listener, so nothing is sent before it is stored.
 */
export function startBroadcasting(io: VigilServer, sessions: SessionService, clinic: ClinicService, logError: (e: unknown) => void) {
  // One chain per room: summaries of one room leave in commit order (the board keeps the newest).
  const roomChains = new Map<string, Promise<void>>();
  function sendSummary(roomId: string, summary: Promise<RoomSummary | null>) {
    const previous = roomChains.get(roomId) ?? Promise.resolve();
    const next = previous
      .then(() => summary)
      .then((room) => {
        if (room) io.to(rooms.clinic).emit('clinic.room', room);
      })
      .catch(logError)
      .finally(() => {
        if (roomChains.get(roomId) === next) roomChains.delete(roomId);
      });
    roomChains.set(roomId, next);
  }
  // A bedside screen connecting or dropping changes the room's tile on the board.
  const presence = trackBedsidePresence(io, (sessionId) => {
    void sessions
      .getState(sessionId)
      .then((state) => {
        if (state) sendSummary(state.roomId, clinic.summaryFor(state));
      })
      .catch(logError);
  });
  clinic.usePresence((sessionId) => presence.get(sessionId));
  const unsubscribe = sessions.onCommitted((events, state) => {
    for (const event of events) io.to(rooms.session(event.sessionId)).emit('session.event', event);
    sendSummary(state.roomId, clinic.summaryFor(state));
  });
  return () => {
    unsubscribe();
    presence.stop();
  };
}
