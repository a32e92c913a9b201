import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { SessionService } from '../sessions/sessionService';
import type { VigilServer } from './types';

export interface Cluster {
  /** Why cross-process delivery is paused (Redis unreachable), or null while it works. */
  degraded(): string | null;
  close(): Promise<void>;
}

/** Longest wait between reconnection attempts to Redis. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The Redis client handed to the Socket.IO adapter. The adapter drops some of its command
 * promises (PUBLISH for serverSideEmit, SUBSCRIBE), so a lost connection would surface as an
 * unhandled rejection and end the process: every promise a command returns gets a handler here
 * (the caller still sees the rejection). The publishing client refuses commands at once while
 * disconnected instead of queueing them without bound; the adapter's own duplicates (the blocking
 * stream reader and the subscriber) keep the offline queue so they wait for Redis rather than spin.
 */
function guarded(client: RedisClientType, onFailure: () => void, onDuplicate: (client: RedisClientType) => void): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'duplicate') {
        return (overrides?: object) => {
          const duplicate = target.duplicate({ ...overrides, disableOfflineQueue: false }) as RedisClientType;
          onDuplicate(duplicate);
          return guarded(duplicate, onFailure, onDuplicate);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch(onFailure);
        return result;
      };
    },
  });
}

/**
 * Several Vigil processes behind one address share one store (PostgreSQL) and Redis. Each
 * committed event is told to the other processes (through the Socket.IO Redis Streams adapter's
 * server-side emit); they fold it into their copy of the session and tell their own screens.
 * The adapter also carries cross-process socket operations (signing out everywhere).
 *
 * Redis may go away, restart, be slow or refuse: no process ends for it. Each keeps serving its
 * own screens and committing to the store; `degraded()` says cross-process delivery is paused.
 * When any of its Redis connections is back, a process reads from the store what the others
 * committed in the meantime (sessions.catchUp) and asks the others to do the same, so screens
 * catch up without a reload.
 */
export async function joinCluster(
  io: VigilServer,
  sessions: SessionService,
  options: { redisUrl: string; streamName: string; openSessionIds: () => Promise<string[]> },
  logError: (error: unknown) => void,
  log: (message: string) => void = (message) => console.log(message),
): Promise<Cluster> {
  const down = new Set<RedisClientType>();
  let lastError = '';
  let closing = false;
  let catchingUp: Promise<void> | null = null;
  let catchUpAgain = false;

  async function catchUpAll(): Promise<void> {
    const ids = new Set([...sessions.cachedSessionIds(), ...(await options.openSessionIds())]);
    for (const sessionId of ids) await sessions.catchUp(sessionId);
  }
  /** One catch-up at a time; a request during one runs another after it (it may have missed newer commits). */
  function requestCatchUp(): void {
    if (closing) return;
    if (catchingUp) {
      catchUpAgain = true;
      return;
    }
    catchingUp = catchUpAll()
      .catch(logError)
      .finally(() => {
        catchingUp = null;
        if (catchUpAgain) {
          catchUpAgain = false;
          requestCatchUp();
        }
      });
  }

  function watch(client: RedisClientType): void {
    client.on('error', (error: Error) => {
      lastError = error.message || error.name;
      if (!down.has(client) && !closing) {
        if (down.size === 0) log(`Redis unreachable (${lastError}): cross-process delivery paused; this process keeps serving its screens`);
        down.add(client);
      }
    });
    client.on('ready', () => {
      if (!down.delete(client)) return;
      if (down.size === 0) log('Redis reachable again: catching up from the store');
      requestCatchUp();
      if (client === publisher) io.serverSideEmit('vigil.resync');
    });
  }

  const publisher = createClient({
    url: options.redisUrl,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
  }) as RedisClientType;
  watch(publisher);
  await publisher.connect();
  const client = guarded(publisher, () => undefined, watch);
  io.adapter(createAdapter(client, { streamName: options.streamName }) as never);

  io.on('vigil.committed', (events) => {
    for (const event of events) sessions.ingestRemote(event).catch(logError);
  });
  // Another process had lost Redis and is back: what it committed meanwhile is in the store.
  io.on('vigil.resync', () => requestCatchUp());
  const stop = sessions.onCommitted((events) => {
    io.serverSideEmit('vigil.committed', events);
  });

  return {
    degraded: () => (down.size > 0 ? `Cross-process delivery paused: Redis is unreachable (${lastError})` : null),
    async close() {
      closing = true;
      stop();
      await catchingUp;
      await publisher.quit().catch(() => publisher.destroy());
    },
  };
}
