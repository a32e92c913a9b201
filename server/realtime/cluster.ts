import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, ErrorReply, type RedisClientType } from 'redis';
import type { SessionService } from '../sessions/sessionService';
import type { VigilServer } from './types';
import { withinMs } from '../timeout';

export interface Cluster {
  /** Why cross-process delivery is paused (Redis unreachable), or null while it works. */
  degraded(): string | null;
  /** Tells the other processes an admin added or renamed a room, so their clinic screens show it. */
  roomChanged(roomId: string): void;
  close(): Promise<void>;
}

/** Longest wait between reconnection attempts to Redis. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * Longest wait for Redis to answer a command of the publishing client (real ms). A Redis that
 * hangs keeps its connections open and answers nothing, so no error would ever end the wait, and
 * the adapter runs the local part of a cross-process operation (closing a disabled person's
 * screens) only after Redis has answered.
 */
export const REDIS_ANSWER_TIMEOUT_MS = 2_000;
/** How often the publishing client checks that Redis answers and publishes (real ms). */
export const REDIS_PROBE_INTERVAL_MS = 1_000;
/** The publishing client's commands the adapter sends (refused at once while Redis does not answer). */
const PUBLISHING_COMMANDS = new Set<PropertyKey>(['publish', 'sPublish', 'xAdd', 'set', 'sendCommand']);

/** `promise`, or a rejection once Redis has not answered in `REDIS_ANSWER_TIMEOUT_MS`. */
function answeredInTime<T>(promise: Promise<T>): Promise<T> {
  return withinMs(promise, REDIS_ANSWER_TIMEOUT_MS, `Redis did not answer in ${REDIS_ANSWER_TIMEOUT_MS / 1000} s`);
}

/**
 * The Redis client handed to the Socket.IO adapter. The adapter drops some of its command
 * promises (PUBLISH for serverSideEmit, SUBSCRIBE), so a lost connection would surface as an
 * unhandled rejection and end the process: every promise a command returns gets a handler here
 * (the caller still sees the rejection). The publishing client refuses commands at once while
 * disconnected, or while Redis does not answer (`silent`), instead of queueing them without bound,
 * and its answers are waited for at most REDIS_ANSWER_TIMEOUT_MS; the adapter's own duplicates (the
 * blocking stream reader and the subscriber) keep the offline queue so they wait for Redis rather
 * than spin.
 */
function guarded(
  client: RedisClientType,
  onDuplicate: (client: RedisClientType) => void,
  publishing: { silent: () => boolean } | null,
): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'duplicate') {
        return (overrides?: object) => {
          const duplicate = target.duplicate({ ...overrides, disableOfflineQueue: false }) as RedisClientType;
          onDuplicate(duplicate);
          return guarded(duplicate, onDuplicate, null);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bounded = publishing !== null && PUBLISHING_COMMANDS.has(property);
      return (...args: unknown[]) => {
        if (bounded && publishing.silent()) {
          // The adapter drops the promise of a server-side emit: handled here, or it would end the process.
          const refused = Promise.reject(new Error('Redis does not answer'));
          refused.catch(() => undefined);
          return refused;
        }
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        result.catch(() => undefined);
        if (!bounded) return result;
        const inTime = answeredInTime(result);
        inTime.catch(() => undefined);
        return inTime;
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
  options: {
    redisUrl: string;
    streamName: string;
    openSessionIds: () => Promise<string[]>;
    /** Another process says an admin added or renamed this room. */
    onRoomChanged: (roomId: string) => void;
  },
  logError: (error: unknown) => void,
  log: (message: string) => void = (message) => console.log(message),
): Promise<Cluster> {
  const down = new Set<RedisClientType>();
  let lastError = '';
  /** Redis keeps the connection open but does not answer (hung, stopped, overloaded): commands are refused at once. */
  let unanswered = false;
  /** Why the last probe failed on an open connection (no answer, or a refusal: ACL, read-only...), or null. */
  let probeFailure: string | null = null;
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

  const away = () => down.size > 0 || probeFailure !== null;
  function markDown(reason: string, mark: () => void): void {
    lastError = reason;
    if (closing) return;
    if (!away()) log(`Redis unreachable (${lastError}): cross-process delivery paused; this process keeps serving its screens`);
    mark();
  }
  /** A connection is back: read what the others committed meanwhile, and ask them to do the same. */
  function reachedAgain(publisherBack: boolean): void {
    if (!away()) log('Redis reachable again: catching up from the store');
    requestCatchUp();
    if (publisherBack) io.serverSideEmit('vigil.resync');
  }

  function watch(client: RedisClientType): void {
    client.on('error', (error: Error) => {
      if (!down.has(client)) markDown(error.message || error.name, () => down.add(client));
    });
    client.on('ready', () => {
      if (!down.delete(client)) return;
      reachedAgain(client === publisher);
    });
  }

  const publisher = createClient({
    url: options.redisUrl,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
  }) as RedisClientType;
  watch(publisher);
  // Redis away at start-up does not keep the process from serving: it starts degraded, and the
  // client (and the adapter's) connect by themselves when Redis is there.
  const connecting = publisher.connect();
  connecting.catch(logError);
  if (
    !(await answeredInTime(connecting).then(
      () => true,
      () => false,
    )) &&
    !down.has(publisher)
  ) {
    markDown('not reachable at start-up', () => down.add(publisher));
  }
  const client = guarded(publisher, watch, { silent: () => unanswered });
  io.adapter(createAdapter(client, { streamName: options.streamName }) as never);

  io.on('vigil.committed', (events) => {
    for (const event of events) sessions.ingestRemote(event).catch(logError);
  });
  // Another process had lost Redis and is back: what it committed meanwhile is in the store.
  io.on('vigil.resync', () => requestCatchUp());
  io.on('vigil.roomChanged', (roomId) => options.onRoomChanged(roomId));
  const stop = sessions.onCommitted((events) => {
    io.serverSideEmit('vigil.committed', events);
  });

  // A hung Redis raises no error on a connection that stays open, nor does one that answers but
  // refuses to publish (an ACL, a replica): publish a probe, as a commit does, and count silence or
  // a refusal as away.
  const probeChannel = `${options.streamName}#probe`;
  let probing = false;
  const prober = setInterval(() => {
    if (probing || closing || !publisher.isReady) return;
    probing = true;
    const probe = publisher.publish(probeChannel, '');
    probe.catch(() => undefined);
    answeredInTime(probe)
      .then(
        () => {
          if (probeFailure === null) return;
          probeFailure = null;
          unanswered = false;
          reachedAgain(true);
        },
        (error: unknown) => {
          // A lost connection is reported by the client's 'error' event.
          if (!publisher.isReady) return;
          const refused = error instanceof ErrorReply;
          unanswered = !refused;
          if (probeFailure !== null) return;
          const reason = `${refused ? 'refuses to publish' : 'no answer'}: ${(error as Error).message}`;
          markDown(reason, () => (probeFailure = reason));
        },
      )
      .finally(() => (probing = false));
  }, REDIS_PROBE_INTERVAL_MS);
  prober.unref();

  return {
    degraded: () => (away() ? `Cross-process delivery paused: Redis is unreachable (${lastError})` : null),
    roomChanged(roomId) {
      // Best effort, like every cross-process notice: a process that misses it shows the new
      // name with the room's next update (its room list is re-read every few seconds).
      try {
        io.serverSideEmit('vigil.roomChanged', roomId);
      } catch (error) {
        logError(error);
      }
    },
    async close() {
      closing = true;
      clearInterval(prober);
      stop();
      await catchingUp;
      // QUIT sends what is queued first; a Redis that does not answer would hold it (and the stop) for ever.
      if (publisher.isReady && !unanswered) await answeredInTime(publisher.quit()).catch(() => undefined);
      else if (publisher.isOpen) publisher.destroy();
    },
  };
}
