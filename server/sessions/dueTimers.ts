import type { Clock } from '../clock';

/**
 * When each session next needs a pass because time alone may change a decision (an overdue
 * check, an escalation, a device gone quiet, the end of the observation): one entry per
 * session in a min-heap, and one real timer for the earliest. Times are the server clock's
 * (`clock.now()`), so a clock a test moves by hand or a sped-up demo clock works the same.
 *
 * The timer never sleeps longer than `maxSleepMs` (real ms) before it looks at the clock
 * again: the clinical clock slews after a step of the machine's clock (server/clock.ts), so a
 * real-time delay computed once could be late by the slew; looking again is one comparison
 * with the heap's top, not a pass over the sessions.
 */
export interface DueTimers {
  /** When `key` is next due (clinical ms), replacing any earlier plan; null: not due on time alone. */
  schedule(key: string, at: number | null): void;
  /** Due no later than `at` (keeps an earlier plan). */
  scheduleBy(key: string, at: number): void;
  /** When `key` is due, or null. */
  dueAt(key: string): number | null;
  /** Remove and return every key due at or before `now`, earliest first. */
  takeDue(now: number): string[];
  stop(): void;
}

export interface DueTimersOptions {
  clock: Clock;
  /** Called (from a timer) when at least one key is due: take them with `takeDue`. */
  onDue(): void;
  /** Null: no real timer (tests take due keys by hand). */
  maxSleepMs: number | null;
}

export function createDueTimers(options: DueTimersOptions): DueTimers {
  const { clock, maxSleepMs } = options;
  const dueByKey = new Map<string, number>();
  // A binary min-heap of [at, key]; an entry whose time no longer matches `dueByKey` is stale and skipped.
  const heap: [number, string][] = [];
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Number.POSITIVE_INFINITY;
  let stopped = false;

  const less = (a: [number, string], b: [number, string]) => a[0] < b[0];
  function push(entry: [number, string]) {
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!less(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }
  function pop(): [number, string] | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
  /** Drop stale entries from the top, so the top is the earliest live one. */
  function top(): [number, string] | undefined {
    while (heap.length > 0 && dueByKey.get(heap[0]![1]) !== heap[0]![0]) pop();
    return heap[0];
  }

  function arm() {
    if (stopped || maxSleepMs === null) return;
    const first = top();
    if (first === undefined) {
      if (timer) clearTimeout(timer);
      timer = null;
      timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    // Already woken early enough for this time: leave it.
    if (timer && timerAt <= first[0]) return;
    if (timer) clearTimeout(timer);
    const waitMs = Math.min(maxSleepMs, Math.max(0, (first[0] - clock.now()) / clock.rate));
    timerAt = first[0];
    timer = setTimeout(wake, waitMs);
    timer.unref();
  }

  function wake() {
    timer = null;
    timerAt = Number.POSITIVE_INFINITY;
    if (stopped) return;
    const first = top();
    if (first !== undefined && first[0] <= clock.now()) options.onDue();
    arm();
  }

  function set(key: string, at: number | null) {
    if (at === null) {
      dueByKey.delete(key);
      return;
    }
    if (dueByKey.get(key) === at) return;
    dueByKey.set(key, at);
    push([at, key]);
    // Replaced plans stay in the heap until they reach its top: rebuild when they outnumber the live ones.
    if (heap.length > 2 * dueByKey.size + 64) {
      heap.length = 0;
      for (const [liveKey, liveAt] of dueByKey) push([liveAt, liveKey]);
    }
    arm();
  }

  return {
    schedule: set,
    scheduleBy(key, at) {
      const current = dueByKey.get(key);
      if (current === undefined || at < current) set(key, at);
    },
    dueAt: (key) => dueByKey.get(key) ?? null,
    takeDue(now) {
      const keys: string[] = [];
      for (let first = top(); first !== undefined && first[0] <= now; first = top()) {
        pop();
        dueByKey.delete(first[1]);
        keys.push(first[1]);
      }
      return keys;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
