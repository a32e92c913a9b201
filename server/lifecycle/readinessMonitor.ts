import { createHash } from 'node:crypto';
import { activeAlarms } from '../../shared/alerts/selectors';
import { evaluateDischarge, readinessTransitions } from '../../shared/lifecycle/discharge';
import { lifecycleRulesFrom } from '../../shared/lifecycle/phases';
import { nextReadinessDueAt } from '../../shared/lifecycle/readinessDue';
import type { Actor } from '../../shared/session/actor';
import type { NewSessionEvent, SessionEvent } from '../../shared/session/events';
import { isClosedPhase, isMonitoredPhase } from '../../shared/session/phases';
import type { Clock } from '../clock';
import { startSessionReactor } from '../sessions/sessionReactor';
import type { SessionService } from '../sessions/sessionService';
import type { AuditIntent } from '../store/audit';
import { isUniqueViolation } from '../store/errors';
import { closeSession, listOpenSessions } from '../store/sessions';
import type { Store } from '../store/store';

/** Who appends readiness changes: the server itself, not a person. */
export const READINESS_ACTOR: Actor = { kind: 'system', displayName: 'Vigil' };

/**
 * Real milliseconds the due timer sleeps at most before it looks at the clock again: time alone
 * (the observation minimum) can make a patient ready, at the instant `nextReadinessDueAt` gives.
 */
export const DEFAULT_READINESS_INTERVAL_MS = 5_000;

/**
 * The command id of a readiness change decided on a session at `lastSeq`. Deterministic, so
 * two server nodes, or a restart, deciding the same change on the same record store it once.
 */
export function readinessCommandId(sessionId: string, lastSeq: number, index = 0): string {
  // Command ids are ids (letters, digits, "-", "_"; at most 64): a very long session id is hashed.
  const part = index === 0 ? '' : `-${index}`;
  const plain = `readiness-${sessionId}-${lastSeq}${part}`;
  if (plain.length <= 64) return plain;
  return `readiness-${createHash('sha256').update(sessionId).digest('hex').slice(0, 32)}-${lastSeq}${part}`;
}

export interface ReadinessMonitor {
  /** Re-evaluate one session now (after its events, or on the clock). */
  check(sessionId: string): Promise<void>;
  /** Every session due now (and open sessions not seen yet): re-evaluate readiness; mark discharged and ended ones closed. */
  sweep(): Promise<void>;
  /** Stop the timer and the listener; waits for work already started. */
  close(): Promise<void>;
}

export interface ReadinessMonitorOptions {
  store: Store;
  sessions: SessionService;
  clock: Clock;
  logError: (error: unknown) => void;
  /** Real ms the due timer sleeps at most; 0 or less: no timer (tests drive `sweep()`). */
  intervalMs?: number;
}

/** The audit row of what the monitor stores: the system acting, no person and no address. */
const SYSTEM_AUDIT: AuditIntent = {
  action: 'readiness.evaluate',
  userId: null,
  remoteAddress: null,
  detail: (event) => ({ commandId: event.commandId, type: event.type }),
};

/**
 * Makes the product, not memory, say when a patient may leave: after every committed event
 * and at the session's next due instant (`nextReadinessDueAt`) it evaluates the discharge items (shared/lifecycle/discharge.ts) and appends
 * `session.readyForDischarge` the moment they all hold (the REMS "ready to leave" time) or
 * `session.readinessLost` when one fails again. It also marks discharged and ended sessions
 * closed in the store, so their room is free.
 */
export function startReadinessMonitor(options: ReadinessMonitorOptions): ReadinessMonitor {
  const { store, sessions, clock, logError } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_READINESS_INTERVAL_MS;

  /** decideAndAppend decides on the record as stored, including other nodes' commits. */
  async function appendTransition(sessionId: string): Promise<SessionEvent[]> {
    const result = await sessions.decideAndAppend(
      sessionId,
      (state, protocol) => {
        if (!isMonitoredPhase(state.phase)) return { ok: true, drafts: [] };
        const now = clock.now();
        const evaluation = evaluateDischarge(state, lifecycleRulesFrom(protocol), now, activeAlarms(state).length);
        const drafts = readinessTransitions(state, evaluation).map(
          (transition, index) =>
            ({
              sessionId,
              type: transition.type,
              payload: transition.payload,
              observedAt: now,
              actor: READINESS_ACTOR,
              commandId: readinessCommandId(sessionId, state.lastSeq, index),
            }) as NewSessionEvent,
        );
        return { ok: true, drafts };
      },
      SYSTEM_AUDIT,
      null,
      // Ids derived from the state; a copy another node stored meanwhile is a unique violation, caught below.
      { commandIdsFromState: true, pass: true },
    );
    return result.ok ? result.events : [];
  }

  /** A closed session's room is freed (this also catches a "closed" mark lost to a crash right after the discharge); an open one is evaluated. */
  async function pass(sessionId: string): Promise<SessionEvent[]> {
    const state = await sessions.getState(sessionId);
    if (!state) return [];
    if (isClosedPhase(state.phase)) {
      await closeSession(store.db, sessionId, state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? clock.now());
      return [];
    }
    if (!isMonitoredPhase(state.phase)) return [];
    try {
      return await appendTransition(sessionId);
    } catch (error) {
      // Another node stored the same readiness change (same deterministic command id) first.
      if (!isUniqueViolation(error)) throw error;
      return [];
    }
  }

  const reactor = startSessionReactor({
    sessions,
    pass,
    nextDue: async (sessionId, decidedAt) => {
      const [state, protocol] = await Promise.all([sessions.getState(sessionId), sessions.getProtocol(sessionId)]);
      if (!state || !protocol || isClosedPhase(state.phase)) return 'done';
      return nextReadinessDueAt(state, lifecycleRulesFrom(protocol), decidedAt);
    },
    openSessions: async () => (await listOpenSessions(store.db)).map((row) => row.sessionId),
    clock,
    reactsTo: (_events, state) => isClosedPhase(state.phase) || isMonitoredPhase(state.phase),
    tickIntervalMs: intervalMs > 0 ? intervalMs : null,
    logError,
  });

  return {
    check: async (sessionId) => void (await reactor.run(sessionId)),
    sweep: reactor.tick,
    close: reactor.stop,
  };
}
