import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { openSession } from '../../../server/commands/openSession';
import { recordVitals } from '../../../server/commands/recordVitals';
import { DEMO_STAFF, demoContext } from '../../../server/demo/clinicDay';
import { createSessionService, type SessionService } from '../../../server/sessions/sessionService';
import { commandLock, sessionLock, type RowLock } from '../../../server/store/rowLocks';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { goodVitals, startTestServer } from '../../support/server';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/**
 * On PostgreSQL batches commit at once unless they share a key (rowLocks.ts). A command id is
 * unique across sessions, so one id sent to two sessions at once must share a key, or both
 * batches pass the look-up and the second fails on the unique index instead of answering a
 * conflict (seen in CI: test/server/store/concurrentCommands.test.ts, "reused"). Every append
 * names its session and each of its command ids.
 */
describe('the keys a session append names for its batch', () => {
  let vigil: Vigil;
  let sessions: SessionService;
  const named: RowLock[][] = [];
  const clock = createManualClock(T0);

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: null }, clock, { alarmTickMs: null, readinessIntervalMs: 0 });
    const run = vigil.store.commits.run.bind(vigil.store.commits);
    vigil.store.commits.run = (work, locks = []) => {
      named.push([...locks]);
      return run(work, locks);
    };
    sessions = createSessionService(vigil.store, clock, {});
  });
  afterEach(() => vigil.close());

  it('opening a session and recording in it name the session and the command id', async () => {
    const nurse = { ...demoContext(vigil, DEMO_STAFF.nurse), sessions };
    const opened = await openSession(nurse, {
      commandId: 'open-keyed',
      sessionId: 'keyed',
      roomId: 'room-1',
      patientAlias: 'K.D.',
      protocol: spravato56Protocol(),
    });
    expect(opened.ok).toBe(true);
    expect(named.at(-1)).toEqual(expect.arrayContaining([sessionLock('keyed'), commandLock('open-keyed')]));
    const recorded = await recordVitals(nurse, {
      commandId: 'vitals-keyed',
      sessionId: 'keyed',
      observedAt: clock.now(),
      vitals: goodVitals,
    });
    expect(recorded.ok).toBe(true);
    expect(named.some((locks) => locks.includes(commandLock('vitals-keyed')) && locks.includes(sessionLock('keyed')))).toBe(true);
  });
});
