/**
 * At most `concurrency` password hashes run at once (scrypt holds 32 MiB and a libuv thread
 * each); others wait in a bounded queue. A flood of wrong passwords then waits its turn instead
 * of taking every thread and all memory from real sign-ins, and past `maxQueued` it is refused
 * at once (`null`) rather than queued without end.
 */
export interface HashingQueue {
  run<T>(work: () => Promise<T>): Promise<T | null>;
  /** Hashes running and waiting (for tests and /readyz-style diagnostics). */
  load(): { running: number; queued: number };
}

export function createHashingQueue(concurrency: number, maxQueued: number): HashingQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (running >= concurrency) {
        if (waiting.length >= maxQueued) return null;
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        // The slot passes straight to the next waiter, so `running` never over-counts.
        if (next) next();
        else running -= 1;
      }
    },
    load: () => ({ running, queued: waiting.length }),
  };
}
