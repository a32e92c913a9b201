import type { SessionEvent } from '../../shared/session/events';
import type { SessionState } from '../../shared/session/state';
import type { Clock } from '../clock';
import { createDueTimers } from './dueTimers';
import type { SessionService } from './sessionService';

/** When a session is next due: a clinical instant, null (nothing waits on time), or 'done' (closed: forget it). */
export type NextDue = number | null | 'done';

export interface SessionReactorOptions {
  sessions: SessionService;
  clock: Clock;
  /** One pass over one session: decide on its stored record and append what it decided; resolves with what it stored. */
  pass(sessionId: string): Promise<SessionEvent[]>;
  /**
   * After a pass: when time alone may next change this session's decision (a pure rule's due
   * instant), counted from `decidedAt`, the clock's time when the pass began: an instant that
   * falls between the pass and this question (the clock moved meanwhile) is then still due, at
   * once, instead of being skipped as already past.
   */
  nextDue(sessionId: string, decidedAt: number): Promise<NextDue>;
  /** The open sessions in the store: passed at start-up and looked for again every `discoveryIntervalMs` (restart, other nodes). */
  openSessions(): Promise<string[]>;
  /** Whether a commit should be reacted to (a reactor ignores its own events). */
  reactsTo(events: SessionEvent[], state: SessionState): boolean;
  /**
   * Real ms the due timer sleeps at most before it looks at the clock again, and between looks
   * for open sessions this node does not know yet; null or 0: no timers (tests call `tick()`).
   */
  tickIntervalMs: number | null;
  logError(error: unknown): void;
}

export interface SessionReactor {
  /** Pass over one session now (or once more right after the pass already running); resolves with what the passes stored. */
  run(sessionId: string): Promise<SessionEvent[]>;
  /** Let a pass already running finish, then run a fresh one and report what it stored. */
  runFresh(sessionId: string): Promise<SessionEvent[]>;
  /** Let passes in flight end, look for open sessions not known yet, then pass over every session due at the clock's now; resolves when all are done. */
  tick(): Promise<void>;
  /** When a session is next due (clinical ms), or null. */
  dueAt(sessionId: string): number | null;
  /** Stop the timers and the commit listener, and wait for passes in flight. */
  stop(): Promise<void>;
}

/** After a failed pass, or a commit another node made, the next look comes this soon (clinical ms). */
const RETRY_MS = 1_000;
/** Looks for sessions this node does not know (opened on another node, or left by a restart) at most this often (real ms). */
const DISCOVERY_MIN_MS = 30_000;

/**
 * What the alarm engine and the readiness monitor share: after every commit, and at the instant
 * a session's pure rules say time alone may change their decision (`nextDue`), run a pure
 * decision over the session's stored record and append its events — one pass per session at a
 * time, and one more if asked while a pass runs, so no request is lost and none piles up. No
 * session is looked at on a timer unless it is due: 500 open sessions with nothing due cost
 * nothing. A failed pass is logged and tried again shortly.
 */
export function startSessionReactor(options: SessionReactorOptions): SessionReactor {
  const { sessions, clock, logError } = options;
  let stopped = false;
  const running = new Map<string, Promise<SessionEvent[]>>();
  const again = new Set<string>();
  /** Sessions passed at least once and not closed: discovery leaves them to their due instants. */
  const known = new Set<string>();
  /** Sessions whose last pass failed: retried shortly by the timer, and at once by an explicit `tick()`. */
  const failing = new Set<string>();
  let ticking: Promise<void> | null = null;
  let queuedTick: Promise<void> | null = null;
  const timersOn = options.tickIntervalMs !== null && options.tickIntervalMs > 0;
  const due = createDueTimers({ clock, maxSleepMs: timersOn ? options.tickIntervalMs : null, onDue: () => void runDue() });

  async function schedule(sessionId: string, failed: boolean, decidedAt: number) {
    if (failed) {
      failing.add(sessionId);
      due.scheduleBy(sessionId, clock.now() + RETRY_MS);
      return;
    }
    failing.delete(sessionId);
    try {
      const next = await options.nextDue(sessionId, decidedAt);
      if (next === 'done') {
        known.delete(sessionId);
        due.schedule(sessionId, null);
      } else {
        known.add(sessionId);
        due.schedule(sessionId, next);
      }
    } catch (error) {
      logError(error);
      failing.add(sessionId);
      due.scheduleBy(sessionId, clock.now() + RETRY_MS);
    }
  }

  /** `afterTurn`: the pass begins once the callbacks of this event-loop turn are done (see the commit listener). */
  function run(sessionId: string, afterTurn = false): Promise<SessionEvent[]> {
    const current = running.get(sessionId);
    if (current) {
      again.add(sessionId);
      return current;
    }
    const work = (async () => {
      const committed: SessionEvent[] = [];
      try {
        if (afterTurn) await new Promise((resolve) => setImmediate(resolve));
        do {
          again.delete(sessionId);
          let failed = false;
          const decidedAt = clock.now();
          try {
            committed.push(...(await options.pass(sessionId)));
          } catch (error) {
            failed = true;
            logError(error);
          }
          // Inside the loop: a commit that arrives while the due instant is worked out asks for one more pass.
          if (!stopped) await schedule(sessionId, failed, decidedAt);
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

  function runDue(): Promise<unknown> {
    if (stopped) return Promise.resolve();
    return Promise.all(due.takeDue(clock.now()).map((sessionId) => run(sessionId)));
  }

  async function discover(): Promise<void> {
    const ids = await options.openSessions();
    const now = clock.now();
    for (const sessionId of ids) if (!known.has(sessionId) && !running.has(sessionId)) due.scheduleBy(sessionId, now);
  }

  async function tickOnce(): Promise<void> {
    if (stopped) return;
    // Passes already running (a commit's) set their session's next due instant when they end:
    // let them, so a tick after the clock moved sees those instants too.
    await Promise.allSettled([...running.values()]);
    await discover();
    for (const sessionId of failing) due.scheduleBy(sessionId, clock.now());
    await runDue();
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
    // The commit's own answer (the command's acknowledgement, only promise steps away) leaves
    // before the rules are weighed, not after them. The pass is already counted as running, so a
    // tick or a stop waits for it, and it still decides on the record as stored when it begins.
    void run(state.sessionId, true);
  });
  // Another node's commits: that node reacts to them at once; here the session is looked at
  // soon (several commits in a burst make one pass), so this node's due instant stays right.
  const unsubscribeRemote = sessions.onCaughtUp((events, state) => {
    if (stopped || (events.length > 0 && !options.reactsTo(events, state))) return;
    due.scheduleBy(state.sessionId, clock.now() + RETRY_MS);
  });

  // At start-up every open session is passed once (a restart rebuilds its due instant from the
  // store); then only sessions this node has not seen are looked for, rarely.
  const discovery = timersOn
    ? setInterval(() => void discover().catch(logError), Math.max(DISCOVERY_MIN_MS, options.tickIntervalMs!))
    : null;
  discovery?.unref();
  if (timersOn) void tick().catch(logError);

  return {
    run,
    async runFresh(sessionId) {
      while (running.has(sessionId)) await running.get(sessionId);
      return run(sessionId);
    },
    tick,
    dueAt: (sessionId) => due.dueAt(sessionId),
    async stop() {
      stopped = true;
      due.stop();
      if (discovery) clearInterval(discovery);
      unsubscribe();
      unsubscribeRemote();
      await Promise.allSettled([...running.values(), ticking, queuedTick]);
    },
  };
}
