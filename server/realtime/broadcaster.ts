import type { ClinicService } from '../clinic/clinicService';
import type { SessionService } from '../sessions/sessionService';
import { rooms, type VigilServer } from './types';

/**
 * Sends committed events to every screen watching the session, and the room's new summary to
 * every clinic screen. Registered as a commit listener, so nothing is sent before it is stored.
 */
export function startBroadcasting(io: VigilServer, sessions: SessionService, clinic: ClinicService, logError: (e: unknown) => void) {
  return sessions.onCommitted((events, state) => {
    for (const event of events) io.to(rooms.session(event.sessionId)).emit('session.event', event);
    clinic
      .summaryFor(state)
      .then((summary) => {
        if (summary) io.to(rooms.clinic).emit('clinic.room', summary);
      })
      .catch(logError);
  });
}
