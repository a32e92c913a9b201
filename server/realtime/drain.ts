import type { Namespace } from 'socket.io';

/** Longest a shutdown waits for requests already being handled to be acknowledged. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface Drain {
  /** Requests received and not yet acknowledged. */
  inFlight(): number;
  /**
   * From now on requests are left unanswered (the screen's outbox sends them again after it
   * reconnects, to this process or another; command ids make that safe); resolves when every
   * request already started has been acknowledged, or after `timeoutMs`.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/**
 * Counts Socket.IO requests between arrival and acknowledgement, for a graceful shutdown:
 * finish and acknowledge what is in flight, take nothing new, then close the sockets (screens
 * reconnect by themselves and catch up by sequence number).
 */
export function trackRequests(namespaces: Namespace[]): Drain {
  let inFlight = 0;
  let draining = false;
  const idle = new Set<() => void>();
  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of idle) resolve();
  };

  for (const namespace of namespaces) {
    namespace.on('connection', (socket) => {
      socket.use((packet, next) => {
        if (draining) return; // Neither handled nor acknowledged: the sender will try again elsewhere.
        const ack = packet.at(-1);
        // Unknown events are answered by an onAny listener before this runs: nothing to wait for.
        if (typeof ack !== 'function' || socket.listenerCount(packet[0]) === 0) return next();
        inFlight += 1;
        let answered = false;
        // Every handler answers, even when the screen has gone (the answer is then dropped).
        packet[packet.length - 1] = (...args: unknown[]) => {
          if (!answered) {
            answered = true;
            settle();
          }
          (ack as (...a: unknown[]) => void)(...args);
        };
        next();
      });
    });
  }

  return {
    inFlight: () => inFlight,
    async drain(timeoutMs = DRAIN_TIMEOUT_MS) {
      draining = true;
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          idle.delete(done);
          resolve();
        }
        idle.add(done);
      });
    },
  };
}
