import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/realtime/contract';
import type { AnswerOf, RequestName, RequestOf } from '../../../shared/realtime/commands';
import type { ClockSample } from '../../../shared/clock/offset';
import type { Result } from '../../../shared/result';
import type { Reading } from '../../../shared/session/state';
import { confirmOnline, recheckSignIn, sessionExpired } from '../auth/authStore';
import { restoreRooms, restoreSession } from '../session/store/persistence';
import { receiveRoomUpdates, receiveRooms, clinicStore } from '../clinic/clinicStore';
import { createOutbox, outboxStore, type Outbox } from '../outbox/outbox';
import { memoryStorage, openIndexedDbStorage, type OutboxEntry } from '../outbox/storage';
import { lastSeqOf, receiveEvents, receiveSnapshot, sessionFailed } from '../session/store/sessionStore';
import type { CommandEvent, CommandOutcome } from './commands';
import { connectionStore, noteServerMessage, setConnectionStatus, setDeliveryPaused } from './connectionStore';
import { applyClockSamples } from './serverClock';
import { receiveServerClockNotice } from './serverClockNotice';

/**
 * The client's one socket module. Everything that crosses the wire goes through here: watching
 * sessions and the clinic (with catch-up by sequence number after every reconnect), the clock
 * sync, and commands — which always pass through the outbox so nothing entered is lost.
 */
type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;
const CLOCK_SYNC_INTERVAL_MS = 60_000;
const RETRY_INTERVAL_MS = 5_000;

export interface Portal {
  start(userId: string): void;
  stop(): void;
  watchSession(sessionId: string): () => void;
  watchClinic(): () => void;
  /** Queue a command (stored in IndexedDB first) and send it when connected. */
  submit<E extends CommandEvent>(event: E, request: RequestOf<E>): Promise<OutboxEntry>;
  discard(commandId: string): Promise<void>;
  /** Every stored reading of [from, to) (a thinned interval of the readings list); null when offline or refused. */
  readingsInInterval(sessionId: string, from: number, to: number): Promise<Reading[] | null>;
  /**
   * Send a command now, not through the outbox, for what only makes sense while connected
   * (handing the tablet to the patient locks this sign-in at once). Undefined: no answer (offline).
   */
  sendNow<E extends CommandEvent>(event: E, request: RequestOf<E>): Promise<CommandOutcome>;
}

export function createPortal(options: { url?: string; indexedDb?: IDBFactory | null } = {}): Portal {
  let socket: VigilSocket | null = null;
  let userId: string | null = null;
  const sessionWatchers = new Map<string, number>();
  let clinicWatchers = 0;
  let clinicResyncing = false;
  let timers: ReturnType<typeof setInterval>[] = [];
  const resyncing = new Set<string>();

  const storage =
    options.indexedDb === null || typeof indexedDB === 'undefined'
      ? Promise.resolve(memoryStorage())
      : openIndexedDbStorage(options.indexedDb ?? indexedDB);
  const outbox: Outbox = createOutbox(storage, send);

  /** Send one request of the contract; the answer's type follows from the event. */
  function emit<E extends RequestName>(event: E, request: RequestOf<E>): Promise<Result<AnswerOf<E>> | undefined> {
    const current = socket;
    if (!current?.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      // socket.io's typings cannot follow a generic event name through `timeout().emit`; the contract types both ends above.
      (current.timeout(ACK_TIMEOUT_MS) as unknown as { emit: (...args: unknown[]) => void }).emit(
        event,
        request,
        (error: unknown, result: Result<AnswerOf<E>>) => {
          if (error) return resolve(undefined);
          noteServerMessage();
          if (!result.ok && result.error.code === 'unauthenticated') sessionExpired();
          resolve(result);
        },
      );
    });
  }

  function send(event: CommandEvent, request: OutboxEntry['request']): Promise<CommandOutcome> {
    // Queued entries were typed by their event when they were made (`submit`); IndexedDB keeps them as plain objects.
    return emit(event, request as RequestOf<CommandEvent>);
  }

  async function catchUp(sessionId: string) {
    if (resyncing.has(sessionId)) return;
    resyncing.add(sessionId);
    try {
      // A screen draws a long session from its display snapshot: older monitor samples thinned to their extremes.
      const result = await emit('session.watch', { sessionId, afterSeq: lastSeqOf(sessionId), readings: 'display' });
      if (result === undefined) return;
      if (!result.ok) return sessionFailed(sessionId, result.error.message);
      if (result.snapshot) receiveSnapshot(result.snapshot, Date.now(), result.thinning);
      if (result.events.length > 0) receiveEvents(sessionId, result.events);
    } finally {
      resyncing.delete(sessionId);
    }
  }

  async function watchClinicNow() {
    const result = await emit('clinic.watch', {});
    if (result?.ok) receiveRooms(result.rooms, result.versions);
    else if (result) clinicStore.setState({ error: result.error.message });
  }

  /** One fresh clinic snapshot at a time, however many updates in a row did not build on what this screen holds. */
  async function resyncClinic() {
    if (clinicResyncing) return;
    clinicResyncing = true;
    try {
      await watchClinicNow();
    } finally {
      clinicResyncing = false;
    }
  }

  async function syncClock() {
    const samples: ClockSample[] = [];
    let clockRate = 1;
    let timeZone = '';
    for (let i = 0; i < 3; i += 1) {
      const clientSentAt = Date.now();
      const result = await emit('time.sync', { clientSentAt });
      if (!result?.ok) return;
      samples.push({ clientSentAt, serverNow: result.serverNow, clientReceivedAt: Date.now() });
      clockRate = result.clockRate;
      timeZone = result.timeZone;
    }
    applyClockSamples(samples, clockRate, timeZone);
  }

  function drainOutbox() {
    if (userId && socket?.connected) void outbox.drain(userId);
  }

  function onConnected() {
    confirmOnline();
    noteServerMessage();
    // Maybe another process: it says at once if it cannot hear the others (`server.delivery`).
    setDeliveryPaused(null);
    // "Live" once this screen knows the server's time too: every "now" it stamps on an entry
    // (a score, an observation, "measured at") is server time, never the tablet's own clock.
    void syncClock().finally(() => {
      if (socket?.connected) setConnectionStatus('connected');
    });
    for (const sessionId of sessionWatchers.keys()) void catchUp(sessionId);
    if (clinicWatchers > 0) void watchClinicNow();
    drainOutbox();
  }

  function onDisconnected() {
    setConnectionStatus(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'reconnecting');
  }

  // The device says the network is gone: stop trusting the link (an open WebSocket can linger
  // unnoticed), stop retrying until it is back, then reconnect and catch up at once.
  const onOffline = () => {
    if (!socket) return;
    socket.disconnect();
    setConnectionStatus('offline');
  };
  const onOnline = () => {
    if (!socket) return;
    setConnectionStatus('reconnecting');
    if (!socket.connected) socket.connect();
  };

  return {
    start(forUserId) {
      if (socket) return;
      userId = forUserId;
      setConnectionStatus('connecting');
      const created: VigilSocket = io(options.url ?? '/', { withCredentials: true, reconnectionDelayMax: 5_000 });
      socket = created;
      created.on('connect', onConnected);
      created.on('disconnect', (reason) => {
        onDisconnected();
        // The server ended this connection on purpose (an admin's change, the sign-in's expiry):
        // Socket.IO does not reconnect by itself; reconnect only if the sign-in still holds.
        if (reason === 'io server disconnect')
          void recheckSignIn().then((stillSignedIn) => stillSignedIn && socket === created && created.connect());
      });
      created.on('connect_error', (error) => {
        if (error.message === 'unauthenticated') {
          sessionExpired();
          return;
        }
        if (error.message === 'password_change_required') {
          void recheckSignIn();
          return;
        }
        if (error.message === 'too_many_connections') {
          setConnectionStatus('refused', 'Too many Vigil screens are open for your sign-in — close one');
          return;
        }
        onDisconnected();
      });
      created.on('session.event', (event) => {
        noteServerMessage();
        if (!sessionWatchers.has(event.sessionId)) return;
        const gap = receiveEvents(event.sessionId, [event]);
        if (gap) void catchUp(event.sessionId);
      });
      created.on('clinic.rooms', (rooms) => {
        noteServerMessage();
        // Changes that do not build on what this screen holds: it missed an update, so it re-watches for a snapshot.
        if (receiveRoomUpdates(rooms).stale && clinicWatchers > 0) void resyncClinic();
      });
      created.on('server.clock', (notice) => {
        noteServerMessage();
        receiveServerClockNotice(notice);
      });
      created.on('server.delivery', (notice) => {
        noteServerMessage();
        setDeliveryPaused(notice?.pausedSince ?? null);
      });
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      if (navigator.onLine === false) onOffline();
      timers = [
        setInterval(() => void syncClock(), CLOCK_SYNC_INTERVAL_MS),
        setInterval(() => {
          if (outboxStore.getState().entries.some((entry) => entry.status === 'waiting')) drainOutbox();
        }, RETRY_INTERVAL_MS),
      ];
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      socket?.removeAllListeners();
      socket?.disconnect();
      socket = null;
      userId = null;
      receiveServerClockNotice(null);
      setDeliveryPaused(null);
      setConnectionStatus('connecting');
      connectionStore.setState({ lastServerMessageAt: null });
    },
    watchSession(sessionId) {
      sessionWatchers.set(sessionId, (sessionWatchers.get(sessionId) ?? 0) + 1);
      if (sessionWatchers.get(sessionId) === 1) void restoreSession(sessionId).then(() => catchUp(sessionId));
      return () => {
        const count = (sessionWatchers.get(sessionId) ?? 1) - 1;
        if (count > 0) return void sessionWatchers.set(sessionId, count);
        sessionWatchers.delete(sessionId);
        void emit('session.unwatch', { sessionId });
      };
    },
    watchClinic() {
      clinicWatchers += 1;
      if (clinicWatchers === 1) void restoreRooms().then(() => watchClinicNow());
      return () => {
        clinicWatchers -= 1;
      };
    },
    async submit(event, request) {
      if (!userId) throw new Error('Sign in before entering data');
      const entry = await outbox.enqueue({ event, request: request as OutboxEntry['request'], userId });
      drainOutbox();
      return entry;
    },
    discard: (commandId) => outbox.discard(commandId),
    async readingsInInterval(sessionId, from, to) {
      const result = await emit('session.readingsInInterval', { sessionId, from, to });
      return result?.ok ? result.readings : null;
    },
    sendNow: (event, request) => send(event, request as OutboxEntry['request']),
  };
}
