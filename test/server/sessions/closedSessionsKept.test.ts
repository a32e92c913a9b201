import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { endSessionEarly } from '../../../server/commands/endSessionEarly';
import { openSession } from '../../../server/commands/openSession';
import { recordVitals } from '../../../server/commands/recordVitals';
import { DEMO_STAFF, demoContext } from '../../../server/demo/clinicDay';
import { createSessionService, type SessionService } from '../../../server/sessions/sessionService';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { goodVitals, startTestServer } from '../../support/server';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/**
 * A server runs for months: it keeps a folded copy of every open session, but of closed ones
 * only the most recent few. An older one is read from the store again when someone asks for it
 * (a report, an amendment), whole and unchanged.
 */
describe('the session copies a server keeps in memory', () => {
  let vigil: Vigil;
  let sessions: SessionService;
  const clock = createManualClock(T0);

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: null }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    sessions = createSessionService(vigil.store, clock, { closedSessionsKept: 2 });
  });
  afterEach(() => vigil.close());

  async function sessionIn(roomId: string, sessionId: string, closed: boolean) {
    const nurse = { ...demoContext(vigil, DEMO_STAFF.nurse), sessions };
    expect(
      (
        await openSession(nurse, {
          commandId: `open-${sessionId}`,
          sessionId,
          roomId,
          patientAlias: 'T.P.',
          protocol: spravato56Protocol(),
        })
      ).ok,
    ).toBe(true);
    const vitals = { commandId: `vitals-${sessionId}`, sessionId, observedAt: clock.now(), vitals: goodVitals };
    expect((await recordVitals(nurse, vitals)).ok).toBe(true);
    if (closed)
      expect((await endSessionEarly(nurse, { commandId: `end-${sessionId}`, sessionId, reason: 'Patient asked to stop' })).ok).toBe(true);
  }

  it('keeps every open session and the last closed ones; an older closed one reads back whole', async () => {
    await sessionIn('room-1', 'closed-first', true);
    const firstAsClosed = await sessions.getState('closed-first');
    await sessionIn('room-1', 'closed-second', true);
    await sessionIn('room-1', 'closed-third', true);
    await sessionIn('room-2', 'open-one', false);
    expect(new Set(sessions.cachedSessionIds())).toEqual(new Set(['closed-second', 'closed-third', 'open-one']));
    // Asked for again, the oldest is read from the store: the same record, and kept once more.
    expect(await sessions.getState('closed-first')).toEqual(firstAsClosed);
    expect(await sessions.getProtocol('closed-first')).toEqual(spravato56Protocol());
    expect(new Set(sessions.cachedSessionIds())).toEqual(new Set(['closed-third', 'closed-first', 'open-one']));
  });

  it('an open session is never let go, however many close after it', async () => {
    await sessionIn('room-2', 'still-open', false);
    for (const index of [1, 2, 3, 4]) await sessionIn('room-1', `closed-${index}`, true);
    expect(sessions.cachedSessionIds()).toContain('still-open');
    expect(sessions.cachedSessionIds()).toHaveLength(3);
  });
});
