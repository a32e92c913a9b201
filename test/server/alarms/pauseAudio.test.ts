import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { alarmsNeedingSound } from '../../../shared/alerts/selectors';
import { readAudit } from '../../../server/store/audit';
import { request } from '../../support/server';
import { alarmEvent, alarmTest, recordVitals, storedEvents } from './harness';

const lowSpo2 = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 88, respiratoryRatePerMin: 14 };
const MINUTE = 60_000;

describe('alarm.pauseAudio (real server, real sockets, manual clock)', () => {
  alarmTest(
    'silences every screen of the room for the protocol audio pause, acknowledges nothing, and lapses by itself',
    async ({ server, sessionId }) => {
      const nurse = await server.screen('nurse', sessionId);
      const prescriber = await server.screen('prescriber', sessionId);
      const therapist = await server.screen('therapist', sessionId);
      await recordVitals(server, nurse.socket, sessionId, lowSpo2);
      await prescriber.waitFor(alarmEvent('alarm.raised', 'limit:spo2-high'));
      server.clock.advance(5_000);
      const pausedAt = server.clock.now();

      // The therapist is at the screen too: anyone there may silence it.
      const commandId = randomUUID();
      const ack = await request(therapist.socket, 'alarm.pauseAudio', { commandId, sessionId });
      expect(ack).toMatchObject({
        ok: true,
        duplicate: false,
        event: { type: 'alarm.audioPaused', payload: { untilMs: pausedAt + 2 * MINUTE }, actor: { kind: 'user', role: 'therapist' } },
      });
      for (const screen of [nurse, prescriber, therapist]) {
        await screen.waitFor(alarmEvent('alarm.audioPaused'));
        const state = screen.state();
        expect(state.alarmAudioPause).toMatchObject({
          untilMs: pausedAt + 2 * MINUTE,
          pausedAt,
          pausedBy: { displayName: 'Test therapist' },
        });
        // Nothing was acknowledged: the alarm still needs an owner.
        expect(state.alarms).toMatchObject([{ alarmId: 'limit:spo2-high', status: 'active', acknowledgedAt: null }]);
        const until = state.alarmAudioPause!.untilMs;
        expect(alarmsNeedingSound(state, pausedAt + 2 * MINUTE - 1, until)).toEqual([]);
        expect(alarmsNeedingSound(state, pausedAt + 2 * MINUTE, until).map((a) => a.alarmId)).toEqual(['limit:spo2-high']);
      }

      // The same command again: answered, stored once, audited once.
      const again = await request(therapist.socket, 'alarm.pauseAudio', { commandId, sessionId });
      expect(again).toMatchObject({ ok: true, duplicate: true, event: { seq: ack.ok ? ack.event.seq : -1 } });
      const pauses = (await storedEvents(server.vigil, sessionId)).filter((event) => event.type === 'alarm.audioPaused');
      expect(pauses).toHaveLength(1);
      const audited = (await readAudit(server.vigil.store.db, sessionId)).filter((entry) => entry.action === 'alarm.pauseAudio');
      expect(audited).toMatchObject([{ userId: 'u-therapist', at: pausedAt, detail: { commandId, untilMs: pausedAt + 2 * MINUTE } }]);

      // A pause during a pause starts again from now.
      server.clock.advance(MINUTE);
      const second = await request(nurse.socket, 'alarm.pauseAudio', { commandId: randomUUID(), sessionId });
      expect(second).toMatchObject({ ok: true, event: { payload: { untilMs: server.clock.now() + 2 * MINUTE } } });
    },
  );

  alarmTest('refuses bad requests, unknown sessions, reused command ids and roles not at the screen', async ({ server, sessionId }) => {
    const nurse = await server.screen('nurse', sessionId);
    expect(await request(nurse.socket, 'alarm.pauseAudio', { commandId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await request(nurse.socket, 'alarm.pauseAudio', { commandId: randomUUID(), sessionId, untilMs: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await request(nurse.socket, 'alarm.pauseAudio', { commandId: randomUUID(), sessionId: 'no-such-session' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const readingCommand = randomUUID();
    const recorded = await request(nurse.socket, 'vitals.record', {
      commandId: readingCommand,
      sessionId,
      observedAt: server.clock.now(),
      vitals: lowSpo2,
    });
    expect(recorded.ok).toBe(true);
    expect(await request(nurse.socket, 'alarm.pauseAudio', { commandId: readingCommand, sessionId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const admin = await server.client('admin');
    expect(await request(admin, 'alarm.pauseAudio', { commandId: randomUUID(), sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await storedEvents(server.vigil, sessionId)).filter((event) => event.type === 'alarm.audioPaused')).toHaveLength(0);
  });
});
