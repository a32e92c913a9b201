import { evaluateAlarmConditions } from '../../shared/alerts/conditions';
import { planAlarmEvents, type PlannedAlarmEventType } from '../../shared/alerts/planner';
import type { NewSessionEvent, SessionEvent } from '../../shared/session/events';
import type { SessionPhase } from '../../shared/session/state';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import { isUniqueViolation } from '../store/errors';
import { listOpenSessions } from '../store/sessions';
import type { Store } from '../store/store';

/** Phases in which a session's alarms are no longer evaluated (its record is closed). */
const CLOSED_PHASES: ReadonlySet<SessionPhase> = new Set(['discharged', 'ended_early']);

const PLANNED_TYPES: ReadonlySet<string> = new Set<PlannedAlarmEventType>([
  'alarm.raised',
  'alarm.confirmed',
  'alarm.cleared',
  'alarm.escalated',
  'alarm.reAlarmed',
]);

export interface AlarmEngineOptions {
  /**
   * Real milliseconds between timer ticks (overdue checks, device silence, re-alarm and
   * escalation need time to pass, not a new event). Null: no timer; tests call `tick()`.
   */
  tickIntervalMs: number | null;
  logError(error: unknown): void;
}

export interface AlarmEngine {
  /** Evaluate every open session at the clock's now; resolves when all are done. */
  tick(): Promise<void>;
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
 * Runs the pure alarm rules (shared/alerts) against live sessions: after every commit, and on
 * a timer for what time alone changes. Planning and appending happen in one step per session
 * (`decideAndAppend`), and every planned event carries a deterministic command id (session,
 * alarm, occurrence, step), so two server nodes or a restart store each alarm event once.
 */
export function startAlarmEngine(
  deps: { store: Store; sessions: SessionService; clock: Clock },
  options: AlarmEngineOptions,
): AlarmEngine {
  const { sessions, clock, store } = deps;
  let stopped = false;
  const running = new Map<string, Promise<SessionEvent[]>>();
  const again = new Set<string>();

  /** One plan-and-append on the record as stored; null when another node stored the same step first. */
  async function planAndAppend(sessionId: string): Promise<SessionEvent[] | null> {
    try {
      const result = await sessions.decideAndAppend(sessionId, (state, protocol) => {
        if (CLOSED_PHASES.has(state.phase)) return { ok: true, drafts: [] };
        const now = clock.now();
        const drafts = planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);
        return { ok: true, drafts: drafts.map((draft): NewSessionEvent => ({ ...draft, sessionId }) as NewSessionEvent) };
      });
      if (!result.ok) return [];
      return result.duplicate ? null : result.events;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return null;
    }
  }

  /**
   * Another node may store part of what this one planned a moment earlier (the whole batch is
   * then refused as a duplicate): learn what it stored and plan the rest once more at once.
   */
  async function evaluateOnce(sessionId: string): Promise<SessionEvent[]> {
    return (await planAndAppend(sessionId)) ?? (await planAndAppend(sessionId)) ?? [];
  }

  /** One evaluation per session at a time; a request during one runs one more pass after it. */
  function schedule(sessionId: string): Promise<SessionEvent[]> {
    const current = running.get(sessionId);
    if (current) {
      again.add(sessionId);
      return current;
    }
    const work = (async () => {
      const committed: SessionEvent[] = [];
      try {
        do {
          again.delete(sessionId);
          try {
            committed.push(...(await evaluateOnce(sessionId)));
          } catch (error) {
            options.logError(error);
          }
        } while (again.has(sessionId) && !stopped);
      } finally {
        // In the same step as the last check of `again`, so no request can slip in between and be lost.
        running.delete(sessionId);
      }
      return committed;
    })();
    running.set(sessionId, work);
    return work;
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    const open = await listOpenSessions(store.db);
    await Promise.all(open.map((row) => schedule(row.sessionId)));
  }

  const unsubscribe = sessions.onCommitted((events, state) => {
    if (stopped || onlyPlannerEvents(events)) return;
    void schedule(state.sessionId);
  });

  let ticking = false;
  const timer =
    options.tickIntervalMs === null
      ? null
      : setInterval(() => {
          if (ticking) return; // A slow store never piles ticks up.
          ticking = true;
          tick()
            .catch(options.logError)
            .finally(() => {
              ticking = false;
            });
        }, options.tickIntervalMs);
  timer?.unref();

  return {
    tick,
    async evaluate(sessionId) {
      // Let a pass already running finish, then run a fresh one and report what it stored.
      while (running.has(sessionId)) await running.get(sessionId);
      return schedule(sessionId);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      unsubscribe();
      await Promise.all([...running.values()]);
    },
  };
}
