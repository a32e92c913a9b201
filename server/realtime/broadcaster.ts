import type { RoomSummary } from '../../shared/clinic/rooms';
import { trackBedsidePresence } from './bedsidePresence';
import { createBoardFeed } from './boardFeed';
import type { ClinicService } from '../clinic/clinicService';
import type { SessionEvent } from '../../shared/session/events';
import type { SessionState } from '../../shared/session/state';
import { createKeyedLock } from '../sessions/keyedLock';
import type { SessionService } from '../sessions/sessionService';
import { rooms, type VigilServer } from './types';

/**
 * Sends committed events to every screen watching the session, and the room's new summary to
 * every clinic screen through the board feed (a few updates a second per room, alarm changes at
 * once: `boardFeed.ts`). Registered as a commit listener, so nothing is sent before it is stored.
 */
export function startBroadcasting(
  io: VigilServer,
  sessions: SessionService,
  clinic: ClinicService,
  options: { boardUpdateMs: number },
  logError: (e: unknown) => void,
) {
  const feed = createBoardFeed((summaries) => io.local.to(rooms.clinic).emit('clinic.rooms', summaries), {
    roomIntervalMs: options.boardUpdateMs,
  });
  // One queue per room (the server's one serializer): summaries of one room leave in commit order (the board keeps the newest).
  const roomQueue = createKeyedLock();
  function sendSummary(roomId: string, summary: Promise<RoomSummary | null>) {
    void roomQueue
      .run(roomId, async () => {
        const room = await summary;
        if (room) feed.offer(room);
      })
      .catch(logError);
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
  clinic.useBoardView((current) => feed.view(current));
  // Each process tells its own screens (io.local): its own commits, and what other processes
  // committed once folded into its copy. Screens therefore see exactly this process's copy, in
  // seq order, and a pause of Redis is caught up from the store rather than lost.
  const deliver = (events: SessionEvent[], state: SessionState) => {
    for (const event of events) io.local.to(rooms.session(event.sessionId)).emit('session.event', event);
    sendSummary(state.roomId, clinic.summaryFor(state));
  };
  const unsubscribe = [sessions.onCommitted(deliver), sessions.onCaughtUp(deliver)];
  return {
    /** A room an admin added or renamed, to this process's clinic screens (after the room's summaries before it). */
    publish(summary: RoomSummary) {
      sendSummary(summary.roomId, Promise.resolve(summary));
    },
    stop() {
      for (const stop of unsubscribe) stop();
      presence.stop();
      feed.close();
    },
  };
}
