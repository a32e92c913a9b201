import { createHash } from 'node:crypto';
import { activeAlarms } from '../../shared/alerts/selectors';
import { evaluateDischarge, readinessTransition } from '../../shared/lifecycle/discharge';
import { lifecycleRulesFrom } from '../../shared/lifecycle/phases';
import type { Actor } from '../../shared/session/actor';
import type { NewSessionEvent, SessionEvent } from '../../shared/session/events';
import type { SessionState } from '../../shared/session/state';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import { isUniqueViolation } from '../store/errors';
import { closeSession, listOpenSessions } from '../store/sessions';
import type { Store } from '../store/store';

/** Who appends readiness changes: the server itself, not a person. */
export const READINESS_ACTOR: Actor = { kind: 'system', displayName: 'Vigil' };

/** Real milliseconds between sweeps: time alone (the observation minimum) can make a patient ready. */
export const DEFAULT_READINESS_INTERVAL_MS = 5_000;

/**
 * The command id of a readiness change decided on a session at `lastSeq`. Deterministic, so
 * two server nodes, or a restart, deciding the same change on the same record store it once.
 */
export function readinessCommandId(sessionId: string, lastSeq: number): string {
  // Command ids are ids (letters, digits, "-", "_"; at most 64): a very long session id is hashed.
  const plain = `readiness-${sessionId}-${lastSeq}`;
  if (plain.length <= 64) return plain;
  return `readiness-${createHash('sha256').update(sessionId).digest('hex').slice(0, 32)}-${lastSeq}`;
}

export interface ReadinessMonitor {
  /** Re-evaluate one session now (after its events, or on the clock). */
  check(sessionId: string): Promise<void>;
  /** Every open session: re-evaluate readiness; mark discharged and ended ones closed. */
  sweep(): Promise<void>;
  /** Stop the timer and the listener; waits for work already started. */
  close(): Promise<void>;
}

export interface ReadinessMonitorOptions {
  store: Store;
  sessions: SessionService;
  clock: Clock;
  logError: (error: unknown) => void;
  /** Real ms between sweeps; 0 or less: no timer (tests drive `sweep()`). */
  intervalMs?: number;
}

function isFinished(state: SessionState): boolean {
  return state.phase === 'discharged' || state.phase === 'ended_early';
}

function isWatched(state: SessionState): boolean {
  return state.phase === 'monitoring' || state.phase === 'ready_for_discharge';
}

/**
 * Makes the product, not memory, say when a patient may leave: after every committed event
 * and on a timer it evaluates the discharge items (shared/lifecycle/discharge.ts) and appends
 * `session.readyForDischarge` the moment they all hold (the REMS "ready to leave" time) or
 * `session.readinessLost` when one fails again. It also marks discharged and ended sessions
 * closed in the store, so their room is free.
 */
export function startReadinessMonitor(options: ReadinessMonitorOptions): ReadinessMonitor {
  const { store, sessions, clock, logError } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_READINESS_INTERVAL_MS;
  const pending = new Set<Promise<unknown>>();
  // One check per session at a time; a request during a check runs once more after it.
  const checking = new Map<string, { again: boolean; done: Promise<void> }>();
  let sweeping: Promise<void> | null = null;
  let queuedSweep: Promise<void> | null = null;
  let closed = false;

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  async function evaluateOnce(sessionId: string): Promise<void> {
    try {
      // decideAndAppend decides on the record as stored, including other nodes' commits.
      await appendTransition(sessionId);
    } catch (error) {
      // Another node stored the same readiness change (same deterministic command id) first.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async function appendTransition(sessionId: string): Promise<void> {
    await sessions.decideAndAppend(sessionId, (state, protocol) => {
      if (!isWatched(state)) return { ok: true, drafts: [] };
      const now = clock.now();
      const evaluation = evaluateDischarge(state, lifecycleRulesFrom(protocol), now, activeAlarms(state).length);
      const transition = readinessTransition(state, evaluation);
      if (!transition) return { ok: true, drafts: [] };
      const draft = {
        sessionId,
        type: transition.type,
        payload: transition.payload,
        observedAt: now,
        actor: READINESS_ACTOR,
        commandId: readinessCommandId(sessionId, state.lastSeq),
      } as NewSessionEvent;
      return { ok: true, drafts: [draft] };
    });
  }

  function check(sessionId: string): Promise<void> {
    const running = checking.get(sessionId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await evaluateOnce(sessionId);
        } while (entry.again && !closed);
      } finally {
        checking.delete(sessionId);
      }
    })();
    checking.set(sessionId, entry);
    return track(entry.done);
  }

  function markClosed(sessionId: string, closedAt: number): Promise<void> {
    return track(closeSession(store.db, sessionId, closedAt));
  }

  async function sweepOnce(): Promise<void> {
    for (const row of await listOpenSessions(store.db)) {
      if (closed) return;
      const state = await sessions.getState(row.sessionId);
      if (!state) continue;
      // Catches a discharge whose "closed" mark was lost to a crash right after the commit.
      if (isFinished(state)) await markClosed(row.sessionId, state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? clock.now());
      else if (isWatched(state)) await check(row.sessionId);
    }
  }

  /** A sweep asked for while one runs gets a full pass of its own, started after the running one. */
  function sweep(): Promise<void> {
    if (sweeping) {
      queuedSweep ??= sweeping.catch(() => undefined).then(() => {
        queuedSweep = null;
        return sweep();
      });
      return queuedSweep;
    }
    sweeping = track(sweepOnce()).finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  const unsubscribe = sessions.onCommitted((events: SessionEvent[], state: SessionState) => {
    if (closed) return;
    const ending = events.find((event) => event.type === 'session.discharged' || event.type === 'session.endedEarly');
    if (ending) {
      markClosed(state.sessionId, ending.observedAt).catch(logError);
    } else if (isWatched(state)) {
      check(state.sessionId).catch(logError);
    }
  });

  const timer = intervalMs > 0 ? setInterval(() => void sweep().catch(logError), intervalMs) : null;
  timer?.unref();

  return {
    check,
    sweep,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      unsubscribe();
      await Promise.allSettled([...pending]);
    },
  };
}
