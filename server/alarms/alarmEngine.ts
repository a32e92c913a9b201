import { evaluateAlarmConditions } from '../../shared/alerts/conditions';
import { nextAlarmDueAt } from '../../shared/alerts/due';
import { planAlarmEvents, type PlannedAlarmEventType } from '../../shared/alerts/planner';
import type { NewSessionEvent, SessionEvent } from '../../shared/session/events';
import { isClosedPhase } from '../../shared/session/phases';
import type { Clock } from '../clock';
import { startSessionReactor } from '../sessions/sessionReactor';
import type { SessionService } from '../sessions/sessionService';
import type { AuditIntent } from '../store/audit';
import { isUniqueViolation } from '../store/errors';
import { listOpenSessions } from '../store/sessions';
import type { Store } from '../store/store';

/** The audit row of what the engine stores: the system acting, no person and no address. */
const SYSTEM_AUDIT: AuditIntent = {
  action: 'alarm.evaluate',
  userId: null,
  remoteAddress: null,
  detail: (event) => ({ commandId: event.commandId, type: event.type }),
};

const PLANNED_TYPES: ReadonlySet<string> = new Set<PlannedAlarmEventType>([
  'alarm.raised',
  'alarm.confirmed',
  'alarm.cleared',
  'alarm.escalated',
  'alarm.reAlarmed',
]);

export interface AlarmEngineOptions {
  /**
   * Real milliseconds the due timer sleeps at most before it looks at the clock again (overdue
   * checks, device silence, re-alarm and escalation need time to pass, not a new event: each
   * session is passed at its own due instant, `nextAlarmDueAt`). Null: no timer; tests call `tick()`.
   */
  tickIntervalMs: number | null;
  logError(error: unknown): void;
}

export interface AlarmEngine {
  /** Evaluate every session due at the clock's now (and open sessions not seen yet); resolves when all are done. */
  tick(): Promise<void>;
  /** When a session is next due on time alone (clinical ms), or null. */
  dueAt(sessionId: string): number | null;
  /** Evaluate one session now; resolves with the events this call committed. */
  evaluate(sessionId: string): Promise<SessionEvent[]>;
  /** Stop the timer and the commit listener, and wait for evaluations in flight. */
  stop(): Promise<void>;
}

/** True when a commit holds only the engine's own planned events (nothing new to react to). */
function onlyPlannerEvents(events: SessionEvent[]): boolean {
  return events.every((event) => event.actor.kind === 'system' && PLANNED_TYPES.has(event.type));
}

/**
 * Runs the pure alarm rules (shared/alerts) against live sessions: after every commit, and at
 * each session's next due instant for what time alone changes (`nextAlarmDueAt`). Planning and appending happen in one step per session
 * (`decideAndAppend`), and every planned event carries a deterministic command id (session,
 * alarm, occurrence, step), so two server nodes or a restart store each alarm event once.
 */
export function startAlarmEngine(deps: { store: Store; sessions: SessionService; clock: Clock }, options: AlarmEngineOptions): AlarmEngine {
  const { sessions, clock, store } = deps;

  /** One plan-and-append on the record as stored; null when another node stored the same step first. */
  async function planAndAppend(sessionId: string): Promise<SessionEvent[] | null> {
    try {
      const result = await sessions.decideAndAppend(
        sessionId,
        (state, protocol) => {
          if (isClosedPhase(state.phase)) return { ok: true, drafts: [] };
          const now = clock.now();
          const drafts = planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);
          return { ok: true, drafts: drafts.map((draft): NewSessionEvent => ({ ...draft, sessionId }) as NewSessionEvent) };
        },
        SYSTEM_AUDIT,
        null,
        // Ids derived from the state; a copy another node stored meanwhile is a unique violation, caught below.
        { commandIdsFromState: true, pass: true },
      );
      if (!result.ok) return [];
      return result.duplicate ? null : result.events;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return null;
    }
  }

  const reactor = startSessionReactor({
    sessions,
    /**
     * Another node may store part of what this one planned a moment earlier (the whole batch is
     * then refused as a duplicate): learn what it stored and plan the rest once more at once.
     */
    pass: async (sessionId) => (await planAndAppend(sessionId)) ?? (await planAndAppend(sessionId)) ?? [],
    nextDue: async (sessionId, decidedAt) => {
      const [state, protocol] = await Promise.all([sessions.getState(sessionId), sessions.getProtocol(sessionId)]);
      if (!state || !protocol || isClosedPhase(state.phase)) return 'done';
      return nextAlarmDueAt(state, protocol, decidedAt);
    },
    openSessions: async () => (await listOpenSessions(store.db)).map((row) => row.sessionId),
    reactsTo: (events) => !onlyPlannerEvents(events),
    clock,
    tickIntervalMs: options.tickIntervalMs,
    logError: options.logError,
  });

  return { tick: reactor.tick, dueAt: reactor.dueAt, evaluate: reactor.runFresh, stop: reactor.stop };
}
