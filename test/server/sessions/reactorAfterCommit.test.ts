import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../server/clock';
import { startSessionReactor } from '../../../server/sessions/sessionReactor';
import type { CommittedListener, SessionService } from '../../../server/sessions/sessionService';
import type { SessionEvent } from '../../../shared/session/events';
import type { SessionState } from '../../../shared/session/state';

/**
 * A commit sets off the alarm and readiness passes, but the command's own answer (promise steps
 * away when its commit is announced) leaves first: the pass begins after the callbacks of the
 * event-loop turn that announced the commit, and counts as running from the announcement on.
 */
describe('the session reactor after a commit', () => {
  it('begins its pass after the turn that announced the commit; a tick and a stop wait for it', async () => {
    let announce: CommittedListener = () => {};
    const sessions = {
      onCommitted: (listener: CommittedListener) => ((announce = listener), () => {}),
      onCaughtUp: () => () => {},
    } as unknown as SessionService;
    const passes: string[] = [];
    const reactor = startSessionReactor({
      sessions,
      clock: createManualClock(1_000_000),
      pass: async (sessionId) => (passes.push(sessionId), []),
      nextDue: async () => null,
      openSessions: async () => [],
      reactsTo: () => true,
      tickIntervalMs: null,
      logError: (error) => {
        throw error;
      },
    });
    const state = { sessionId: 'session-1' } as SessionState;
    announce([{ sessionId: 'session-1' } as SessionEvent], state);
    // The answer's promise steps: many microtasks, no pass among them.
    for (let step = 0; step < 50; step += 1) await Promise.resolve();
    expect(passes).toEqual([]);
    await reactor.tick();
    expect(passes).toEqual(['session-1']);

    announce([{ sessionId: 'session-1' } as SessionEvent], state);
    await reactor.stop();
    expect(passes).toEqual(['session-1', 'session-1']);
  });
});
