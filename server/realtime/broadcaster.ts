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
  return sessions.onCommitted((events, state) => {
    for (const event of events) io.to(rooms.session(event.sessionId)).emit('session.event', event);
    const summary = clinic.summaryFor(state);
    const previous = roomChains.get(state.roomId) ?? Promise.resolve();
    const next = previous
      .then(() => summary)
      .then((room) => {
        if (room) io.to(rooms.clinic).emit('clinic.room', room);
      })
      .catch(logError)
      .finally(() => {
        if (roomChains.get(state.roomId) === next) roomChains.delete(state.roomId);
      });
    roomChains.set(state.roomId, next);
  });
}
