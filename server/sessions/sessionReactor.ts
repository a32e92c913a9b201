import type { SessionEvent } from '../../shared/session/events';
import type { SessionState } from '../../shared/session/state';
import type { SessionService } from './sessionService';

export interface SessionReactorOptions {
  sessions: SessionService;
  /** One pass over one session: decide on its stored record and append what it decided; resolves with what it stored. */
  pass(sessionId: string): Promise<SessionEvent[]>;
  /** Which sessions a timer tick passes over (time alone changes some decisions). */
  sessionsToTick(): Promise<string[]>;
  /** Whether a commit should be reacted to (a reactor ignores its own events). */
  reactsTo(events: SessionEvent[], state: SessionState): boolean;
  /** Real milliseconds between ticks; null or 0: no timer (tests tick by hand). */
  tickIntervalMs: number | null;
  logError(error: unknown): void;
}

export interface SessionReactor {
  /** Pass over one session now (or once more right after the pass already running); resolves with what the passes stored. */
  run(sessionId: string): Promise<SessionEvent[]>;
  /** Let a pass already running finish, then run a fresh one and report what it stored. */
  runFresh(sessionId: string): Promise<SessionEvent[]>;
  /** Pass over every session of `sessionsToTick`; resolves when all are done. A tick asked for during one runs after it. */
  tick(): Promise<void>;
  /** Stop the timer and the commit listener, and wait for passes in flight. */
  stop(): Promise<void>;
}

/**
 * What the alarm engine and the readiness monitor share: after every commit and on a timer,
 * run a pure decision over a session's stored record and append its events — one pass per
 * session at a time, and one more if asked while a pass runs, so no request is lost and none
 * piles up. A failed pass is logged; the next commit or tick tries again.
 */
export function startSessionReactor(options: SessionReactorOptions): SessionReactor {
  const { sessions, logError } = options;
  let stopped = false;
  const running = new Map<string, Promise<SessionEvent[]>>();
  const again = new Set<string>();
  let ticking: Promise<void> | null = null;
  let queuedTick: Promise<void> | null = null;

  function run(sessionId: string): Promise<SessionEvent[]> {
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
            committed.push(...(await options.pass(sessionId)));
          } catch (error) {
            logError(error);
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

  async function tickOnce(): Promise<void> {
    if (stopped) return;
    const ids = await options.sessionsToTick();
    await Promise.all(ids.map((sessionId) => run(sessionId)));
  }

  function tick(): Promise<void> {
    if (ticking) {
      queuedTick ??= ticking.then(() => {
        queuedTick = null;
        return tick();
      });
      return queuedTick;
    }
    ticking = tickOnce().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  const unsubscribe = sessions.onCommitted((events, state) => {
    if (stopped || !options.reactsTo(events, state)) return;
    void run(state.sessionId);
  });

  // A slow store never piles ticks up: a tick still running when the timer fires is left to finish.
  const timer = options.tickIntervalMs
    ? setInterval(() => (ticking ? undefined : void tick().catch(logError)), options.tickIntervalMs)
    : null;
  timer?.unref();

  return {
    run,
    async runFresh(sessionId) {
      while (running.has(sessionId)) await running.get(sessionId);
      return run(sessionId);
    },
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      unsubscribe();
      await Promise.allSettled([...running.values(), ticking, queuedTick]);
    },
  };
}
