import { evaluateAlarmConditions } from '../../shared/alerts/conditions';
import { planAlarmEvents, type AlarmEventDraft } from '../../shared/alerts/planner';
import type { Protocol } from '../../shared/protocols/schema';
import type { Actor } from '../../shared/session/actor';
import type { SessionEventPayload } from '../../shared/session/events';
import { foldSessionEvents } from '../../shared/session/reducer';
import type { SessionState } from '../../shared/session/state';
import type { VitalSet } from '../../shared/vitals/schema';
import { eventLog, nurse } from './events';

export const therapist: Actor = { kind: 'user', userId: 'u-therapist', displayName: 'Therapist Demo', role: 'therapist' };
export const prescriber: Actor = { kind: 'user', userId: 'u-prescriber', displayName: 'Prescriber Demo', role: 'prescriber' };
export const oximeter: Actor = { kind: 'device', deviceId: 'oxi-1', displayName: 'Oximeter 1' };

export const NORMAL_VITALS = {
  systolicMmHg: 125,
  diastolicMmHg: 80,
  heartRateBpm: 72,
  spo2Percent: 98,
  respiratoryRatePerMin: 14,
} satisfies VitalSet;

/**
 * A session log with alarm helpers: times are minutes after the log's t0; `dose(m)` doses at
 * minute m. `run(protocol, m)` plays the server's loop once: evaluate, plan, commit the drafts.
 */
export function alarmSession(sessionId = 's-1') {
  const log = eventLog(sessionId);
  let readingCount = 0;
  let observationCount = 0;
  log.add('session.opened', { roomId: 'room-1', patientAlias: 'J.D.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' }, log.t0);

  const session = {
    ...log,
    state(): SessionState {
      const state = foldSessionEvents(log.events);
      if (state === null) throw new Error('no session');
      return state;
    },
    vitals(minute: number, vitals: VitalSet, actor: Actor = nurse): string {
      readingCount += 1;
      const readingId = `r${readingCount}`;
      log.add('vitals.recorded', { readingId, vitals }, log.minutes(minute), actor);
      return readingId;
    },
    moaas(minute: number, score: number): string {
      observationCount += 1;
      const observationId = `o${observationCount}`;
      log.add('observation.recorded', { observationId, observation: { kind: 'moaas', score } }, log.minutes(minute), therapist);
      return observationId;
    },
    dose(minute: number) {
      log.add('dose.recorded', { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' }, log.minutes(minute));
    },
    artifact(minute: number, readingId: string, reason = 'cuff moved') {
      log.add('reading.artifactMarked', { readingId, reason }, log.minutes(minute));
    },
    acknowledge(minute: number, alarmId: string, note?: string, actor: Actor = nurse) {
      const payload: SessionEventPayload<'alarm.acknowledged'> = note === undefined ? { alarmId } : { alarmId, note };
      log.add('alarm.acknowledged', payload, log.minutes(minute), actor);
    },
    /** Commit planned drafts as the server would (observedAt = now, system actor). */
    commit(drafts: AlarmEventDraft[]) {
      for (const draft of drafts) log.add(draft.type, draft.payload as never, draft.observedAt, draft.actor);
    },
    /** One pass of the server loop at minute `minute`; returns what it committed. */
    run(protocol: Protocol, minute: number): AlarmEventDraft[] {
      const now = log.minutes(minute);
      const state = session.state();
      const drafts = planAlarmEvents(state, evaluateAlarmConditions(state, protocol, now), protocol, now);
      session.commit(drafts);
      return drafts;
    },
  };
  return session;
}

/** `type alarmId` of each draft, for compact expectations. */
export function summarize(drafts: AlarmEventDraft[]): string[] {
  return drafts.map((draft) => `${draft.type} ${'alarmId' in draft.payload ? draft.payload.alarmId : ''}`.trim());
}
