import type { Role } from '../../shared/roles';
import type { BedsidePresence } from '../../shared/clinic/rooms';
import type { VigilServer } from './types';

/** The roles whose screens are in the room with the patient (the prescriber's screens are not). */
const BEDSIDE_ROLES: ReadonlySet<Role> = new Set<Role>(['nurse', 'therapist']);
const SESSION_ROOM = /^session:(.+)$/;

export interface PresenceTracker {
  /** The bedside screens watching a session now; null when none ever did (since this server started). */
  get(sessionId: string): BedsidePresence | null;
  stop(): void;
}

/**
 * Counts the bedside screens (nurse and therapist sockets) watching each session, from the
 * Socket.IO adapter's room membership, and says when the count changes, so the board can
 * show a room whose screen lost its connection. Counts this server's sockets only: with
 * several nodes behind a load balancer each node sees its own screens.
 */
export function trackBedsidePresence(io: VigilServer, onChange: (sessionId: string) => void): PresenceTracker {
  const adapter = io.of('/').adapter;
  const counts = new Map<string, number>();

  function count(room: string): number {
    let screens = 0;
    for (const socketId of adapter.rooms.get(room) ?? []) {
      const role = io.of('/').sockets.get(socketId)?.data.user?.role;
      if (role && BEDSIDE_ROLES.has(role)) screens += 1;
    }
    return screens;
  }

  function changed(room: string) {
    const sessionId = SESSION_ROOM.exec(room)?.[1];
    if (!sessionId) return;
    const screens = count(room);
    const before = counts.get(sessionId);
    // A prescriber's screen joining changes nothing; a first bedside screen or a change does.
    if (before === screens || (before === undefined && screens === 0)) return;
    counts.set(sessionId, screens);
    onChange(sessionId);
  }

  adapter.on('join-room', changed);
  adapter.on('leave-room', changed);
  return {
    get(sessionId) {
      const screens = counts.get(sessionId);
      return screens === undefined ? null : { screens };
    },
    stop() {
      adapter.off('join-room', changed);
      adapter.off('leave-room', changed);
    },
  };
}
