import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { SessionEvent } from '../../../shared/session/events';
import { readAudit } from '../../../server/store/audit';
import { request, type TestSocket } from '../../support/server';
import { alarmEvent, alarmTest, alarmTrail, appendNow, recordVitals, storedEvents, type AlarmServer } from './harness';

const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
const highBp = { ...normal, systolicMmHg: 184, diastolicMmHg: 96 };

/** The nurse's screen once a high BP she recorded has raised its alarm there; with the reading's id. */
async function nurseSeesHighBp(server: AlarmServer, sessionId: string) {
  const nurse = await server.screen('nurse', sessionId);
  const readingId = await recordVitals(server, nurse.socket, sessionId, highBp);
  await nurse.waitFor(alarmEvent('alarm.raised'));
  return { nurse, readingId };
}

describe('alarms on live sessions (real server, real sockets, manual clock)', () => {
  alarmTest(
    'a high reading raises the alarm on every watching screen, stored once with the system actor',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const others = [await server.screen('prescriber', sessionId), await server.screen('therapist', sessionId)];
      await recordVitals(server, nurse.socket, sessionId, highBp);
      for (const screen of [nurse, ...others]) {
        const raised = await screen.waitFor(alarmEvent('alarm.raised', 'limit:systolic-high'));
        expect(raised).toMatchObject({
          actor: { kind: 'system' },
          observedAt: server.clock.now(),
          payload: { priority: 'high', message: 'Systolic 184 mmHg — at or above 181', value: 184 },
        });
        expect(screen.state().alarms).toMatchObject([{ alarmId: 'limit:systolic-high', status: 'active' }]);
      }
      await server.vigil.alarms.tick();
      expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual(['alarm.raised limit:systolic-high']);
    },
  );

  alarmTest('a nurse acknowledges: the other screen shows who and when; repeats are answered clearly', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    const prescriber = await server.screen('prescriber', sessionId);
    await recordVitals(server, nurse.socket, sessionId, highBp);
    await prescriber.waitFor(alarmEvent('alarm.raised'));
    server.clock.advance(20_000);
    const commandId = randomUUID();
    const ack = await request(nurse.socket, 'alarm.acknowledge', {
      commandId,
      sessionId,
      alarmId: 'limit:systolic-high',
      note: 'Rechecking',
    });
    expect(ack).toMatchObject({ ok: true, duplicate: false, event: { type: 'alarm.acknowledged' } });
    await prescriber.waitFor(alarmEvent('alarm.acknowledged'));
    const [alarm] = prescriber.state().alarms;
    expect(alarm).toMatchObject({
      acknowledgedBy: { kind: 'user', displayName: 'Test nurse', role: 'nurse' },
      acknowledgedAt: server.clock.now(),
      acknowledgementNote: 'Rechecking',
      status: 'active',
    });

    /** The same acknowledgement of the systolic alarm (a fresh command unless `repeated`), from another screen or role. */
    const acknowledge = (screen: { socket: TestSocket }, alarmId = 'limit:systolic-high', repeated = randomUUID()) =>
      request(screen.socket, 'alarm.acknowledge', { commandId: repeated, sessionId, alarmId });
    const again = await acknowledge(nurse, 'limit:systolic-high', commandId);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const second = await acknowledge(prescriber);
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This alarm was already acknowledged by Test nurse at 09:00:20 UTC' },
    });
    const unknown = await acknowledge(nurse, 'limit:nothing');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const forbidden = await acknowledge(await server.screen('therapist', sessionId));
    expect(forbidden).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only nurses and prescribers can acknowledge alarms' },
    });
    const acknowledgements = (await storedEvents(server.vigil, sessionId)).filter((event) => event.type === 'alarm.acknowledged');
    expect(acknowledgements).toHaveLength(1);
    // Who, when and from where, once (the repeat stored nothing and is not audited again).
    const audited = (await readAudit(server.vigil.store.db, sessionId)).filter((entry) => entry.action === 'alarm.acknowledge');
    expect(audited).toMatchObject([{ userId: 'u-nurse', at: server.clock.now(), detail: { commandId, alarmId: 'limit:systolic-high' } }]);
    expect(audited[0]?.remoteAddress).toBeTruthy();
  });

  alarmTest('a high alarm latches after its condition clears, until someone acknowledges it', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    const prescriber = await server.screen('prescriber', sessionId);
    await recordVitals(server, nurse.socket, sessionId, highBp);
    await prescriber.waitFor(alarmEvent('alarm.raised'));
    server.clock.advance(30_000);
    await recordVitals(server, nurse.socket, sessionId, normal);
    await prescriber.waitFor(alarmEvent('alarm.cleared'));
    expect(prescriber.state().alarms).toMatchObject([{ alarmId: 'limit:systolic-high', status: 'latched', acknowledgedAt: null }]);
    await server.vigil.alarms.tick();
    expect(prescriber.state().alarms[0]?.status).toBe('latched');

    const ack = await request(nurse.socket, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: 'limit:systolic-high' });
    expect(ack.ok).toBe(true);
    await prescriber.waitFor(alarmEvent('alarm.acknowledged'));
    expect(prescriber.state().alarms).toMatchObject([{ status: 'cleared', clearedAt: server.clock.now() }]);
    const late = await request(nurse.socket, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: 'limit:systolic-high' });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already cleared') } });
  });

  alarmTest(
    'a latched alarm that comes back and clears again latches again (no step is lost as a duplicate)',
    async ({ server, sessionId }) => {
      const { nurse } = await nurseSeesHighBp(server, sessionId);
      for (let round = 0; round < 2; round += 1) {
        server.clock.advance(5_000);
        await recordVitals(server, nurse.socket, sessionId, normal);
        await server.vigil.alarms.evaluate(sessionId);
        expect((await server.vigil.sessions.getState(sessionId))?.alarms).toMatchObject([{ status: 'latched' }]);
        server.clock.advance(5_000);
        await recordVitals(server, nurse.socket, sessionId, highBp);
        await server.vigil.alarms.evaluate(sessionId);
        expect((await server.vigil.sessions.getState(sessionId))?.alarms).toMatchObject([{ status: 'active' }]);
      }
      expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual([
        'alarm.raised limit:systolic-high',
        'alarm.cleared limit:systolic-high',
        'alarm.raised limit:systolic-high',
        'alarm.cleared limit:systolic-high',
        'alarm.raised limit:systolic-high',
      ]);
    },
  );

  alarmTest(
    'an acknowledged alarm whose condition persists sounds again 3 minutes later (not a millisecond before)',
    async ({ server, sessionId }) => {
      const { nurse } = await nurseSeesHighBp(server, sessionId);
      server.clock.advance(10_000);
      await request(nurse.socket, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: 'limit:systolic-high' });
      server.clock.advance(3 * 60_000 - 1);
      await server.vigil.alarms.tick();
      expect(alarmTrail(nurse.events)).toEqual(['alarm.raised limit:systolic-high', 'alarm.acknowledged limit:systolic-high']);
      server.clock.advance(1);
      await server.vigil.alarms.tick();
      const reAlarmed = await nurse.waitFor(alarmEvent('alarm.reAlarmed', 'limit:systolic-high'));
      expect(reAlarmed.observedAt).toBe(server.clock.now());
      expect(nurse.state().alarms[0]).toMatchObject({ acknowledgedAt: null, lastSoundedAt: server.clock.now() });
      await server.vigil.alarms.tick();
      expect(alarmTrail(await storedEvents(server.vigil, sessionId)).filter((line) => line.startsWith('alarm.reAlarmed'))).toHaveLength(1);
    },
  );

  alarmTest('an unacknowledged high alarm escalates after 60 s, once', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    const prescriber = await server.screen('prescriber', sessionId);
    await recordVitals(server, nurse.socket, sessionId, { ...normal, spo2Percent: 88 });
    await prescriber.waitFor(alarmEvent('alarm.raised', 'limit:spo2-high'));
    server.clock.advance(59_999);
    await server.vigil.alarms.tick();
    expect(prescriber.events.some(alarmEvent('alarm.escalated'))).toBe(false);
    server.clock.advance(1);
    await server.vigil.alarms.tick();
    await prescriber.waitFor(alarmEvent('alarm.escalated', 'limit:spo2-high'));
    expect(prescriber.state().alarms[0]?.escalatedAt).toBe(server.clock.now());
    server.clock.advance(30_000);
    await server.vigil.alarms.tick();
    const stored = await storedEvents(server.vigil, sessionId);
    expect(alarmTrail(stored)).toEqual(['alarm.raised limit:spo2-high', 'alarm.escalated limit:spo2-high']);
  });

  alarmTest(
    'marking the reading as artifact clears the alarm it caused; the reading stays, struck through',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const prescriber = await server.screen('prescriber', sessionId);
      const readingId = await recordVitals(server, nurse.socket, sessionId, highBp);
      await prescriber.waitFor(alarmEvent('alarm.raised'));
      server.clock.advance(15_000);
      const commandId = randomUUID();
      const marked = await request(nurse.socket, 'reading.markArtifact', { commandId, sessionId, readingId, reason: 'Cuff moved' });
      expect(marked).toMatchObject({ ok: true, duplicate: false, event: { type: 'reading.artifactMarked', actor: { role: 'nurse' } } });
      const cleared = await prescriber.waitFor(alarmEvent('alarm.cleared', 'limit:systolic-high'));
      expect(cleared.actor.kind).toBe('system');
      const state = prescriber.state();
      expect(state.alarms).toMatchObject([{ status: 'cleared' }]);
      expect(state.readings).toMatchObject([
        { readingId, vitals: highBp, artifact: { reason: 'Cuff moved', markedBy: { displayName: 'Test nurse' } } },
      ]);

      expect(await request(nurse.socket, 'reading.markArtifact', { commandId, sessionId, readingId, reason: 'Cuff moved' })).toMatchObject({
        ok: true,
        duplicate: true,
      });
      const twice = await request(nurse.socket, 'reading.markArtifact', {
        commandId: randomUUID(),
        sessionId,
        readingId,
        reason: 'Probe off',
      });
      expect(twice).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringContaining('already marked as artifact by Test nurse') },
      });
      const unknown = await request(nurse.socket, 'reading.markArtifact', {
        commandId: randomUUID(),
        sessionId,
        readingId: 'no-such',
        reason: 'x',
      });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const noReason = await request(nurse.socket, 'reading.markArtifact', { commandId: randomUUID(), sessionId, readingId, reason: ' ' });
      expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['reason'] }] } });
    },
  );

  alarmTest('an unacknowledged latched alarm clears once its reading is marked artifact', async ({ server, sessionId }) => {
    const { nurse, readingId } = await nurseSeesHighBp(server, sessionId);
    server.clock.advance(10_000);
    await recordVitals(server, nurse.socket, sessionId, normal);
    await nurse.waitFor(alarmEvent('alarm.cleared'));
    expect(nurse.state().alarms[0]?.status).toBe('latched');
    await request(nurse.socket, 'reading.markArtifact', { commandId: randomUUID(), sessionId, readingId, reason: 'Cuff moved' });
    await nurse.waitFor((event: SessionEvent) => alarmEvent('alarm.cleared')(event) && event.seq > 5);
    expect(nurse.state().alarms[0]?.status).toBe('cleared');
  });

  alarmTest(
    'a burst of readings is evaluated to the end without the timer (no evaluation request is lost)',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const burst = [highBp, normal, highBp, normal, highBp, normal].map((vitals, index) =>
        request(nurse.socket, 'vitals.record', {
          commandId: randomUUID(),
          sessionId,
          observedAt: server.clock.now() - 6_000 + index * 1_000,
          vitals,
        }),
      );
      expect((await Promise.all(burst)).every((ack) => ack.ok)).toBe(true);
      // The latest reading is normal: whatever the interleaving, no alarm is left active (at most a
      // latched one nobody acknowledged), and a fresh evaluation finds nothing left to do.
      await nurse.waitFor(() => {
        const state = nurse.state();
        return state.readings.length === 6 && state.alarms.every((alarm) => alarm.status !== 'active');
      });
      expect(await server.vigil.alarms.evaluate(sessionId)).toEqual([]);
    },
  );

  alarmTest('ignores closed sessions', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    await appendNow(server, sessionId, 'session.endedEarly', { reason: 'Patient asked to stop' });
    expect(await server.vigil.alarms.evaluate(sessionId)).toEqual([]);
    const refused = await request(nurse.socket, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.clock.now(),
      vitals: highBp,
    });
    expect(refused.ok).toBe(false);
    server.clock.advance(3600_000);
    await server.vigil.alarms.tick();
    expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual([]);
  });

  alarmTest(
    "an alarm command on a session ended early is refused by the table's phases, saying the session is read-only",
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      await recordVitals(server, nurse.socket, sessionId, highBp);
      await nurse.waitFor(alarmEvent('alarm.raised', 'limit:systolic-high'));
      const ended = await request(nurse.socket, 'session.endEarly', {
        commandId: randomUUID(),
        sessionId,
        reason: 'Patient asked to stop',
      });
      expect(ended.ok).toBe(true);
      const refused = await request(nurse.socket, 'alarm.acknowledge', {
        commandId: randomUUID(),
        sessionId,
        alarmId: 'limit:systolic-high',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('ended early') } });
      expect((await storedEvents(server.vigil, sessionId)).filter((event) => event.type === 'alarm.acknowledged')).toEqual([]);
    },
  );
});
