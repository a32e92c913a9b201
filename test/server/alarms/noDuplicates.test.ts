import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../server/clock';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { planAlarmEvents } from '../../../shared/alerts/planner';
import type { NewSessionEvent } from '../../../shared/session/events';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { request } from '../../support/server';
import { alarmEvent, alarmServersPerTest, alarmTrail, recordVitals, storedEvents, T0 } from './harness';

const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };
const lowSpo2 = { ...normal, spo2Percent: 88 };

describe('each alarm event is stored once, across restarts and server nodes', () => {
  const servers = alarmServersPerTest();

  it('a restart on the same data keeps open alarms and evaluating again adds nothing', async () => {
    const { clock, start } = servers.onSharedData();
    const first = await start();
    const sessionId = await first.openSession();
    const nurse = await first.screen('nurse', sessionId);
    await recordVitals(first, nurse.socket, sessionId, lowSpo2);
    await nurse.waitFor(alarmEvent('alarm.raised', 'limit:spo2-high'));
    clock.advance(60_000);
    await first.vigil.alarms.tick();
    await servers.stop(first);
    const restarted = await start();
    const before = await storedEvents(restarted.vigil, sessionId);
    expect(alarmTrail(before)).toEqual(['alarm.raised limit:spo2-high', 'alarm.escalated limit:spo2-high']);

    // Same time, then later: the restarted node finds the alarm open and escalated, and adds nothing.
    await restarted.vigil.alarms.tick();
    clock.advance(30_000);
    await restarted.vigil.alarms.tick();
    expect(await storedEvents(restarted.vigil, sessionId)).toEqual(before);
    const state = await restarted.vigil.sessions.getState(sessionId);
    expect(state?.alarms).toMatchObject([{ alarmId: 'limit:spo2-high', status: 'active', acknowledgedAt: null }]);
  });

  it('two nodes on the same store evaluating the same session store each alarm event once', async () => {
    const { clock, start } = servers.onSharedData();
    const a = await start();
    const b = await start();
    const sessionId = await a.openSession();
    // Node B has the session cached before node A commits anything else: its copy is stale.
    expect((await b.vigil.sessions.getState(sessionId))?.lastSeq).toBe(1);
    const nurse = await a.screen('nurse', sessionId);
    await recordVitals(a, nurse.socket, sessionId, lowSpo2);
    await nurse.waitFor(alarmEvent('alarm.raised'));

    const evaluateBoth = async () => {
      if (a.vigil.store.dialect === 'postgres') await Promise.all([a.vigil.alarms.tick(), b.vigil.alarms.tick()]);
      else {
        // One SQLite file, two connections in one process: run them back to back (SQLite serialises writers anyway).
        await b.vigil.alarms.tick();
        await a.vigil.alarms.tick();
      }
    };
    await evaluateBoth();
    clock.advance(60_000);
    await evaluateBoth();
    await evaluateBoth();
    const prescriber = await b.screen('prescriber', sessionId);
    const ack = await request(prescriber.socket, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: 'limit:spo2-high' });
    expect(ack.ok).toBe(true);
    clock.advance(3 * 60_000);
    await evaluateBoth();
    await evaluateBoth();

    const trail = alarmTrail(await storedEvents(a.vigil, sessionId));
    expect(trail).toEqual([
      'alarm.raised limit:spo2-high',
      'alarm.escalated limit:spo2-high',
      'alarm.acknowledged limit:spo2-high',
      'alarm.reAlarmed limit:spo2-high',
    ]);
    // Both nodes end with the same folded record.
    expect(await b.vigil.sessions.getState(sessionId)).toEqual(foldSessionEvents(await storedEvents(a.vigil, sessionId)));
  });

  it('a node acknowledges an alarm another node raised, on the record as stored', async () => {
    const { start } = servers.onSharedData();
    const a = await start();
    const b = await start();
    const sessionId = await a.openSession();
    await b.vigil.sessions.getState(sessionId); // B caches the session before A's alarm exists.
    const nurseOnA = await a.screen('nurse', sessionId);
    const readingId = await recordVitals(a, nurseOnA.socket, sessionId, lowSpo2);
    await nurseOnA.waitFor(alarmEvent('alarm.raised'));
    const nurseOnB = await b.screen('nurse', sessionId);
    const ack = await request(nurseOnB.socket, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: 'limit:spo2-high' });
    expect(ack).toMatchObject({ ok: true, event: { type: 'alarm.acknowledged', seq: 4 } });
    const marked = await request(nurseOnB.socket, 'reading.markArtifact', {
      commandId: randomUUID(),
      sessionId,
      readingId,
      reason: 'Probe off',
    });
    expect(marked.ok).toBe(true);
    await b.vigil.alarms.evaluate(sessionId);
    await a.vigil.alarms.tick();
    expect(alarmTrail(await storedEvents(a.vigil, sessionId))).toEqual([
      'alarm.raised limit:spo2-high',
      'alarm.acknowledged limit:spo2-high',
      'alarm.cleared limit:spo2-high',
    ]);
  });

  it('the same step planned on two nodes has the same command id, and the store keeps it once', async () => {
    const clock = createManualClock(T0);
    const server = await servers.start({ clock });
    const sessionId = await server.openSession();
    const nurse = await server.screen('nurse', sessionId);
    // Plan from the record as a second node would see it, before this node's engine runs.
    await server.vigil.alarms.stop();
    await recordVitals(server, nurse.socket, sessionId, lowSpo2);
    const stored = await storedEvents(server.vigil, sessionId);
    const protocol = await server.vigil.sessions.getProtocol(sessionId);
    if (!protocol) throw new Error('no protocol');
    const plan = () => {
      const state = foldSessionEvents(stored);
      if (!state) throw new Error('no state');
      return planAlarmEvents(state, evaluateAlarmConditions(state, protocol, clock.now()), protocol, clock.now());
    };
    const fromNodeA = plan();
    const fromNodeB = plan();
    expect(fromNodeA.map((draft) => draft.commandId)).toEqual(fromNodeB.map((draft) => draft.commandId));
    expect(fromNodeA).toHaveLength(1);
    const drafts = (planned: typeof fromNodeA) => planned.map((draft) => ({ ...draft, sessionId }) as NewSessionEvent);
    const firstAppend = await server.vigil.sessions.append(sessionId, drafts(fromNodeA));
    const secondAppend = await server.vigil.sessions.append(sessionId, drafts(fromNodeB));
    expect(firstAppend.duplicate).toBe(false);
    expect(secondAppend).toMatchObject({ duplicate: true, events: firstAppend.events });
    expect(alarmTrail(await storedEvents(server.vigil, sessionId))).toEqual(['alarm.raised limit:spo2-high']);
  });
});
