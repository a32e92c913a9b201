import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../server/clock';
import { startSessionReactor } from '../../../server/sessions/sessionReactor';
import type { SessionService } from '../../../server/sessions/sessionService';

/**
 * A pure rule's due instant is counted from when the pass decided: if the clock moves while the
 * pass runs past an instant the rule waits for, that instant is still due (at once), not skipped
 * as already past. The readiness test "a dose time corrected later by amendment moves the clock"
 * failed this way when a pass was still running as the test moved the clock.
 */
describe('the session reactor', () => {
  it('counts the next due instant from the time its pass began, so a clock that moved meanwhile skips nothing', async () => {
    const start = 1_000_000;
    const clock = createManualClock(start);
    const minimumEndsAt = start + 10 * 60_000;
    const passes: number[] = [];
    const sessions = { onCommitted: () => () => {}, onCaughtUp: () => () => {} } as unknown as SessionService;
    const reactor = startSessionReactor({
      sessions,
      clock,
      // The clock moves past the minimum while the first pass runs (a slow store, a manual clock in a test).
      pass: async () => {
        passes.push(clock.now());
        if (passes.length === 1) clock.set(minimumEndsAt + 60_000);
        return [];
      },
      // As nextReadinessDueAt: the minimum's end, while it is still ahead of the time asked about.
      nextDue: async (_sessionId, decidedAt) => (decidedAt < minimumEndsAt ? minimumEndsAt : null),
      openSessions: async () => [],
      reactsTo: () => true,
      tickIntervalMs: null,
      logError: (error) => {
        throw error;
      },
    });
    await reactor.run('session-1');
    expect(reactor.dueAt('session-1')).toBe(minimumEndsAt);
    await reactor.tick();
    expect(passes).toEqual([start, minimumEndsAt + 60_000]);
    await reactor.stop();
  });
});
