import { lifecycleRulesFrom, type CommandContext, type LifecycleRules } from '../../../shared/lifecycle/phases';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Role } from '../../../shared/roles';
import type { Actor } from '../../../shared/session/actor';
import { foldSessionEvents } from '../../../shared/session/reducer';
import type { Reading, SessionState } from '../../../shared/session/state';
import type { VitalSet } from '../../../shared/vitals/schema';
import { eventLog, nurse } from '../../support/events';

export { nurse };
export const prescriber: Actor = { kind: 'user', userId: 'u-presc', displayName: 'Dr Demo', role: 'prescriber' };
export const therapist: Actor = { kind: 'user', userId: 'u-ther', displayName: 'Therapist Demo', role: 'therapist' };
export const device: Actor = { kind: 'device', deviceId: 'mon-1', displayName: 'Monitor 1' };
export const system: Actor = { kind: 'system', displayName: 'Vigil' };

const ACTOR_BY_ROLE: Record<Role, Actor> = {
  nurse,
  prescriber,
  therapist,
  admin: { kind: 'user', userId: 'u-admin', displayName: 'Admin Demo', role: 'admin' },
  wall: { kind: 'user', userId: 'u-wall', displayName: 'Wall Demo', role: 'wall' },
};

/**
 * Test rules: the shipped Spravato 56 mg protocol's (120 min minimum and REMS floor, 140/90
 * advisory, modified Aldrete and PADSS, a blood pressure within 15 min).
 */
export function testRules(overrides: Partial<LifecycleRules> = {}): LifecycleRules {
  return { ...lifecycleRulesFrom(spravato56Protocol()), ...overrides };
}

export function ctx(role: Role | null, now: number, overrides: Partial<CommandContext> = {}): CommandContext {
  return { role, rules: testRules(), now, activeAlarmCount: 0, ...overrides };
}

export const NORMAL_BASELINE: VitalSet = {
  systolicMmHg: 128,
  diastolicMmHg: 82,
  heartRateBpm: 72,
  spo2Percent: 98,
  respiratoryRatePerMin: 14,
};
export const DOSE_MINUTE = 10;

/** A session log with helpers for the lifecycle's steps. Minutes are after T0. */
export function sessionLog() {
  const log = eventLog();
  log.add('session.opened', { roomId: 'room-1', patientAlias: 'J.D.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' }, log.t0);
  let counter = 0;
  const id = (prefix: string) => `${prefix}-${(counter += 1)}`;
  const at = log.minutes;
  return {
    ...log,
    vitals(minute: number, vitals: VitalSet, actor: Actor = nurse) {
      return log.add('vitals.recorded', { readingId: id('r'), vitals }, at(minute), actor);
    },
    tickAllPreDose(minute = 1, rules = testRules()) {
      for (const item of rules.preDoseChecklist) {
        log.add('checklist.itemTicked', { checklist: 'pre_dose', itemId: item.id }, at(minute), ACTOR_BY_ROLE[item.rolesAllowed[0]!]);
      }
    },
    tickAllDischarge(minute: number, rules = testRules()) {
      for (const item of rules.dischargeConfig.practicalItems) {
        const date = item.needsDate === true ? { date: at(60 * 24 * 3) } : {};
        log.add('checklist.itemTicked', { checklist: 'discharge', itemId: item.id, ...date }, at(minute), nurse);
      }
    },
    dose(minute = DOSE_MINUTE, doseId = id('d')) {
      return log.add(
        'dose.recorded',
        { doseId, drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1', deviceCount: 2 },
        at(minute),
        nurse,
      );
    },
    moaas(minute: number, score: number) {
      return log.add('observation.recorded', { observationId: id('o'), observation: { kind: 'moaas', score } }, at(minute), therapist);
    },
    /** A person's modified Aldrete scores (activity and breathing: the items the record cannot know). */
    aldrete(minute: number, points: { activity?: number; breathing?: number } = {}, actor: Actor = nurse) {
      for (const [itemId, value] of Object.entries({ activity: 2, breathing: 2, ...points })) {
        log.add(
          'observation.recorded',
          { observationId: id('o'), observation: { kind: 'score_item', scoreId: 'aldrete', itemId, points: value } },
          at(minute),
          actor,
        );
      }
    },
    /** A person's PADSS scores (activity and mental status, pain and nausea: full marks unless given). */
    padss(minute: number, points: { activity_mental_status?: number; pain_nausea?: number } = {}, actor: Actor = nurse) {
      for (const [itemId, value] of Object.entries({ activity_mental_status: 2, pain_nausea: 2, ...points })) {
        log.add(
          'observation.recorded',
          { observationId: id('o'), observation: { kind: 'score_item', scoreId: 'padss', itemId, points: value } },
          at(minute),
          actor,
        );
      }
    },
    cadss6(minute: number, itemScores: number[]) {
      return log.add(
        'observation.recorded',
        { observationId: id('o'), observation: { kind: 'cadss6', itemScores } },
        at(minute),
        therapist,
      );
    },
    state(): SessionState {
      const state = foldSessionEvents(log.events);
      if (state === null) throw new Error('the test log has no session.opened');
      return state;
    },
  };
}

export type SessionLog = ReturnType<typeof sessionLog>;

/** Checklist ticked, normal baseline and a pre-dose CADSS-6 of 0: ready to dose. */
export function preparedSession(): SessionLog {
  const log = sessionLog();
  log.tickAllPreDose(1);
  log.vitals(2, NORMAL_BASELINE);
  log.cadss6(3, [0, 0, 0, 0, 0, 0]);
  return log;
}

/** Dosed at DOSE_MINUTE, nothing since. */
export function dosedSession(): SessionLog {
  const log = preparedSession();
  log.dose();
  return log;
}

/** Dosed, recovered and ticked by 135 min: every discharge item holds from then on. */
export function recoveredSession(): SessionLog {
  const log = dosedSession();
  log.vitals(130, { systolicMmHg: 132, diastolicMmHg: 84, heartRateBpm: 76, spo2Percent: 98, respiratoryRatePerMin: 14 });
  log.moaas(131, 5);
  log.cadss6(132, [0, 0, 0, 0, 0, 0]);
  log.aldrete(132);
  log.padss(132);
  log.tickAllDischarge(133);
  return log;
}

/** Mark a reading as artifact the way the alarms work does: an `artifact` field on it. */
export function withArtifact(state: SessionState, readingId: string): SessionState {
  const readings: Reading[] = state.readings.map((reading) =>
    reading.readingId === readingId
      ? { ...reading, artifact: { reason: 'cuff moved', markedBy: nurse, markedAt: reading.observedAt } }
      : reading,
  );
  return { ...state, readings };
}
