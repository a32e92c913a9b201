import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Vigil } from '../../../server/app';
import { readAudit } from '../../../server/store/audit';
import { createManualClock } from '../../../server/clock';
import { startReadinessMonitor } from '../../../server/lifecycle/readinessMonitor';
import { createSessionService, type SessionService } from '../../../server/sessions/sessionService';
import { listOpenSessions } from '../../../server/store/sessions';
import type { SessionEvent } from '../../../shared/session/events';
import { signIn, startTestServer, tempDataDir } from '../../support/server';
import {
  clientPool,
  dosedSession,
  eventually,
  MINUTE_MS,
  recordRecovery,
  refusal,
  send,
  stored,
  tickPracticalItems,
  WITHIN_ADVISORY,
  type Staff,
} from './lifecycleClients';

describe('readiness for discharge, decided by the server', () => {
  let vigil: Vigil;
  let dataDir: string;
  const clock = createManualClock(Date.now());
  const pool = clientPool(() => vigil);
  let staff: Staff;

  async function start(readinessIntervalMs = 0) {
    // No alarm timer: alarms are still evaluated after every commit, but time alone raises none mid-step.
    vigil = await startTestServer({ dataDir }, clock, { alarmTickMs: null, readinessIntervalMs });
    staff = await pool.staff();
  }

  beforeEach(() => {
    clock.set(Date.now());
    dataDir = tempDataDir();
  });
  afterEach(async () => {
    pool.closeAll();
    await vigil.close();
  });

  const events = async (sessionId: string, type: SessionEvent['type']) =>
    (await vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === type);
  const phase = async (sessionId: string) => (await vigil.sessions.getState(sessionId))?.phase;

  /** Dosed at the clock's now; at 119 min every item holds except the observation time. */
  async function allButTime() {
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(staff, dosedAt);
    clock.set(dosedAt + 119 * MINUTE_MS);
    await recordRecovery(staff, sessionId, clock.now());
    await tickPracticalItems(staff, sessionId, dosedAt + 7 * 24 * 60 * MINUTE_MS);
    await vigil.readiness.sweep();
    expect(await phase(sessionId)).toBe('monitoring');
    return { sessionId, dosedAt };
  }

  /** As `allButTime`, then at `minutes` after the dose the sweep makes the session ready for discharge. */
  async function readyAt(minutes: number) {
    const dosed = await allButTime();
    clock.set(dosed.dosedAt + minutes * MINUTE_MS);
    await vigil.readiness.sweep();
    expect(await phase(dosed.sessionId)).toBe('ready_for_discharge');
    return dosed;
  }

  it('is ready at the first moment every item holds; loses and regains readiness as the record changes, keeping the first time', async () => {
    await start();
    const { sessionId, dosedAt } = await allButTime();
    clock.set(dosedAt + 120 * MINUTE_MS);
    await vigil.readiness.sweep();
    const [ready] = await events(sessionId, 'session.readyForDischarge');
    expect(ready).toMatchObject({ observedAt: dosedAt + 120 * MINUTE_MS, actor: { kind: 'system', displayName: 'Vigil' } });
    expect(ready?.commandId).toBe(`readiness-${sessionId}-${ready!.seq - 1}`);
    expect(await vigil.sessions.getState(sessionId)).toMatchObject({
      phase: 'ready_for_discharge',
      readyForDischargeAt: dosedAt + 120 * MINUTE_MS,
    });

    // Systolic 100 is 21.9% below the baseline 128: no longer within 20%. Noticed after the commit, no timer needed.
    clock.set(dosedAt + 125 * MINUTE_MS);
    stored(
      await send(staff.nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: { ...WITHIN_ADVISORY, systolicMmHg: 100 } }),
    );
    await eventually(async () => (await phase(sessionId)) === 'monitoring');
    expect((await events(sessionId, 'session.readinessLost')).map((event) => event.payload)).toEqual([
      { failingItemIds: ['vitals_near_baseline'] },
    ]);
    const refused = refusal(await send(staff.nurse, 'session.discharge', { sessionId }));
    expect(refused.message).toContain('Systolic 100 is 21.9% below baseline 128 (allowed 20%)');

    clock.set(dosedAt + 130 * MINUTE_MS);
    stored(await send(staff.nurse, 'vitals.record', { sessionId, observedAt: clock.now(), vitals: WITHIN_ADVISORY }));
    await eventually(async () => (await phase(sessionId)) === 'ready_for_discharge');
    const readies = await events(sessionId, 'session.readyForDischarge');
    expect(readies).toHaveLength(2);
    expect(new Set(readies.map((event) => event.commandId)).size).toBe(2);
    expect((await vigil.sessions.getState(sessionId))?.readyForDischargeAt).toBe(dosedAt + 120 * MINUTE_MS);

    stored(await send(staff.therapist, 'checklist.untick', { sessionId, checklist: 'discharge', itemId: 'responsible_adult' }));
    await eventually(async () => (await phase(sessionId)) === 'monitoring');
    expect((await events(sessionId, 'session.readinessLost')).at(-1)?.payload).toEqual({ failingItemIds: ['responsible_adult'] });
  });

  it('a readiness change whose audit row cannot be written is not stored; the next pass stores it once with its audit row', async () => {
    await start();
    const { sessionId, dosedAt } = await allButTime();
    const readinessRows = async () => (await readAudit(vigil.store.db, sessionId)).filter((row) => row.action === 'readiness.evaluate');
    const rowsBefore = (await readinessRows()).length;
    await sql`CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit disk gone'); END`.execute(
      vigil.store.db,
    );
    clock.set(dosedAt + 120 * MINUTE_MS);
    await vigil.readiness.sweep();
    expect(await events(sessionId, 'session.readyForDischarge')).toEqual([]);
    expect(await phase(sessionId)).toBe('monitoring');
    expect(await readinessRows()).toHaveLength(rowsBefore);
    await sql`DROP TRIGGER audit_broken`.execute(vigil.store.db);
    // A failed pass is tried again a second later.
    clock.advance(1_000);
    await vigil.readiness.sweep();
    const [ready, ...more] = await events(sessionId, 'session.readyForDischarge');
    expect(more).toEqual([]);
    expect(await phase(sessionId)).toBe('ready_for_discharge');
    expect(await readinessRows()).toEqual([
      ...(await readinessRows()).slice(0, rowsBefore),
      expect.objectContaining({ userId: null, detail: expect.objectContaining({ seq: ready!.seq, type: 'session.readyForDischarge' }) }),
    ]);
  });

  it('an active alarm takes readiness away', async () => {
    await start();
    const { sessionId } = await readyAt(121);
    // Respiratory rate is in no discharge item, but 8/min raises a high alarm.
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId,
        observedAt: clock.now(),
        vitals: { ...WITHIN_ADVISORY, respiratoryRatePerMin: 8 },
      }),
    );
    await eventually(async () => (await phase(sessionId)) === 'monitoring');
    const lost = await events(sessionId, 'session.readinessLost');
    expect(lost.at(-1)?.payload).toEqual({ failingItemIds: ['no_active_alarm'] });
    expect(refusal(await send(staff.nurse, 'session.discharge', { sessionId })).message).toContain('No active alarm (1 alarm is active)');
  });

  it('a dose time corrected later by amendment moves the clock: readiness is lost until the new minimum', async () => {
    await start();
    const { sessionId, dosedAt } = await readyAt(120);
    const [dose] = await events(sessionId, 'dose.recorded');
    stored(
      await send(staff.nurse, 'amendment.record', {
        sessionId,
        targetSeq: dose!.seq,
        reason: 'Dose was given 10 min later than entered',
        change: { kind: 'dose_time', administeredAt: dosedAt + 10 * MINUTE_MS },
      }),
    );
    await eventually(async () => (await phase(sessionId)) === 'monitoring');
    expect((await events(sessionId, 'session.readinessLost')).at(-1)?.payload).toEqual({
      failingItemIds: ['minimum_observation', 'regulatory_floor'],
    });
    clock.set(dosedAt + 130 * MINUTE_MS);
    await vigil.readiness.sweep();
    expect(await phase(sessionId)).toBe('ready_for_discharge');
  });

  it('two server nodes deciding at once, and a restart, store each readiness change once', async () => {
    await start();
    const { sessionId, dosedAt } = await allButTime();
    // A second node with its own session cache over the same database, lagging: it has not
    // seen this node's commits yet, so it decides on the record as it was (still monitoring).
    const otherSessions = createSessionService(vigil.store, clock);
    await otherSessions.getState(sessionId);
    const lagging: SessionService = { ...otherSessions, eventsAfter: async () => [] };
    const errors: unknown[] = [];
    const otherNode = startReadinessMonitor({
      store: vigil.store,
      sessions: lagging,
      clock,
      logError: (e) => errors.push(e),
      intervalMs: 0,
    });
    clock.set(dosedAt + 120 * MINUTE_MS);
    await Promise.all([vigil.readiness.sweep(), vigil.readiness.check(sessionId)]);
    await otherNode.check(sessionId);
    await otherNode.sweep();
    await otherNode.close();
    expect(errors).toEqual([]);
    expect(await events(sessionId, 'session.readyForDischarge')).toHaveLength(1);

    pool.closeAll();
    await vigil.close();
    await start();
    await vigil.readiness.sweep();
    expect(await phase(sessionId)).toBe('ready_for_discharge');
    expect(await events(sessionId, 'session.readyForDischarge')).toHaveLength(1);
    stored(await send(staff.nurse, 'session.discharge', { sessionId }));
  });

  it('marks a finished session closed so its room is free, also when the mark was lost in a crash', async () => {
    await start();
    const { sessionId } = await dosedSession(staff, clock.now());
    stored(
      await send(staff.nurse, 'session.discharge', {
        sessionId,
        disposition: 'against_advice',
        dispositionReason: 'Nausea; patient asked to stop',
      }),
    );
    const isOpen = async () => (await listOpenSessions(vigil.store.db)).some((row) => row.sessionId === sessionId);
    await eventually(async () => !(await isOpen()));
    await vigil.store.db.updateTable('sessions').set({ closed_at: null }).where('session_id', '=', sessionId).execute();
    expect(await isOpen()).toBe(true);
    await vigil.readiness.sweep();
    expect(await isOpen()).toBe(false);
  });

  it("the server's own timer makes the patient ready when the time is up", async () => {
    await start(20);
    const { sessionId, dosedAt } = await allButTime();
    clock.set(dosedAt + 120 * MINUTE_MS);
    await eventually(async () => (await phase(sessionId)) === 'ready_for_discharge');
    expect((await vigil.sessions.getState(sessionId))?.readyForDischargeAt).toBe(dosedAt + 120 * MINUTE_MS);
  });

  it('GET /api/protocols lists the protocols a session can be opened with, to signed-in staff only', async () => {
    await start();
    const anonymous = await fetch(`${vigil.url}/api/protocols`);
    expect(anonymous.status).toBe(401);
    const response = await fetch(`${vigil.url}/api/protocols`, { headers: { cookie: await signIn(vigil, 'therapist') } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; protocols: { id: string; minimumObservationMinutes: number }[] };
    expect(body.ok).toBe(true);
    expect(body.protocols.map((protocol) => protocol.id)).toEqual(expect.arrayContaining(['spravato-56', 'spravato-84', 'ketamine-iv']));
    expect(body.protocols.find((protocol) => protocol.id === 'spravato-56')?.minimumObservationMinutes).toBe(120);
  });
});
