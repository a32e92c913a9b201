import { useEffect, useState } from 'react';
import { useStore as useZustand, type StoreApi } from 'zustand';
import { serverClockStore, serverNow } from '../realtime/serverClock';

export function useStore<S, T>(store: StoreApi<S>, select: (state: S) => T): T {
  return useZustand(store, select);
}

/** The server's clock, re-read every `intervalMs`, for "time since dose" and timers. */
export function useServerNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    // A clock sync moves "now" at once: nothing is stamped with the tablet's own clock in between.
    const unsubscribe = serverClockStore.subscribe(() => setNow(serverNow()));
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [intervalMs]);
  return now;
}
