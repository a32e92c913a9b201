import { useEffect } from 'react';
import { navigate, paths } from '../app/router';
import { useStore } from '../app/useStore';
import { clinicStore } from './clinicStore';
import { outboxStore } from '../outbox/outbox';
import { forgetOpening, openedSession, openingStore } from './openSession';

/** On the clinic page: once a session this screen asked to open exists, go to it. */
export function useOpenedSessionNavigation(): void {
  const byRoom = useStore(openingStore, (s) => s.byRoom);
  const rooms = useStore(clinicStore, (s) => s.rooms);
  const entries = useStore(outboxStore, (s) => s.entries);
  useEffect(() => {
    const opened = openedSession(byRoom, rooms, entries);
    if (!opened) return;
    forgetOpening(opened.roomId);
    navigate(paths.session(opened.sessionId));
  }, [byRoom, rooms, entries]);
}
