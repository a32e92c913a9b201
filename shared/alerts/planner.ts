import type { Protocol } from '../protocols/schema';
import type { Actor } from '../session/actor';
import type { SessionEventPayload } from '../session/events';
import type { SessionState } from '../session/state';
import { stableHash } from './hash';
import { causeIsArtifact, latchesOnClear } from './latch';
import { ESCALATED_AT_ONCE, type AlarmCondition, type AlarmRecord } from './types';

/** The actor of every planner event: the rules themselves, not a person. */
export const ALARM_SYSTEM_ACTOR: Actor = { kind: 'system', displayName: 'Vigil alarms' };

export type PlannedAlarmEventType = 'alarm.raised' | 'alarm.confirmed' | 'alarm.cleared' | 'alarm.escalated' | 'alarm.reAlarmed';

/**
 * An event the server should commit, as planned. `commandId` is deterministic (session,
 * alarm, occurrence and step), so two servers planning the same step produce the same
 * command and the store keeps it once.
 */
export type AlarmEventDraft = {
  [T in PlannedAlarmEventType]: {
    type: T;
    payload: SessionEventPayload<T>;
    observedAt: number;
    actor: Actor;
    commandId: string;
  };
}[PlannedAlarmEventType];

type Simulated = Pick<AlarmRecord, 'kind' | 'status' | 'priority' | 'acknowledgedAt' | 'lastSoundedAt' | 'escalatedAt'>;

function raisePayload(condition: AlarmCondition): SessionEventPayload<'alarm.raised'> {
  return {
    alarmId: condition.alarmId,
    kind: condition.kind,
    priority: condition.priority,
    technical: condition.technical,
    message: condition.message,
    recheck: condition.recheck,
    ...(condition.parameter !== undefined ? { parameter: condition.parameter } : {}),
    ...(condition.value !== undefined ? { value: condition.value } : {}),
    ...(condition.readingId !== undefined ? { readingId: condition.readingId } : {}),
    ...(condition.observationId !== undefined ? { observationId: condition.observationId } : {}),
  };
}

function shouldEscalate(record: Simulated, protocol: Protocol, now: number): boolean {
  if (record.priority !== 'high' || record.acknowledgedAt !== null || record.lastSoundedAt === null) return false;
  if (record.status !== 'active' && record.status !== 'latched') return false;
  if (record.escalatedAt !== null && record.escalatedAt >= record.lastSoundedAt) return false;
  // PHQ-9 item 9 goes to the prescriber at once (CLINICAL.md: the same day, not after a wait at the bedside).
  const delayMs = ESCALATED_AT_ONCE.has(record.kind) ? 0 : protocol.escalateUnacknowledgedHighSeconds * 1000;
  return now - record.lastSoundedAt >= delayMs;
}

/**
 * The closed occurrence a returning condition continues, or null for a new alarm: the last
 * occurrence of the same alarm id, if its condition cleared at most
 * `alarmControls.episodeWindowMinutes` ago and not because its reading was struck through as
 * artifact (CLINICAL.md "Alarm-fatigue controls": a condition that clears and returns is one
 * problem, not a new alarm each time).
 */
export function continuedEpisode(state: SessionState, alarmId: string, protocol: Protocol, now: number): AlarmRecord | null {
  const last = state.alarms.findLast((record) => record.alarmId === alarmId);
  if (last === undefined || last.status !== 'cleared' || last.conditionClearedAt === null) return null;
  if (causeIsArtifact(state, last)) return null;
  return now - last.conditionClearedAt <= protocol.alarmControls.episodeWindowMinutes * 60_000 ? last : null;
}

const byAlarmId = (a: { alarmId: string }, b: { alarmId: string }) => (a.alarmId < b.alarmId ? -1 : a.alarmId > b.alarmId ? 1 : 0);

/**
 * The alarm events needed to bring a session's alarms in line with the conditions present
 * at `now` (from `evaluateAlarmConditions`), and no more:
 * - raise a condition with no open alarm (a latched alarm whose condition returns is raised
 *   again, which re-activates it; one that cleared within the episode window reopens,
 *   `continuedEpisode`);
 * - confirm a recheck alarm once its condition no longer needs a recheck;
 * - clear an alarm whose condition has gone (the slice latches an unacknowledged high one,
 *   see latch.ts; acknowledging a latched alarm then closes it);
 * - re-alarm an acknowledged alarm whose condition persists `reAlarmAfterAcknowledgeMinutes`
 *   after the acknowledgement;
 * - escalate a sounding, unacknowledged high alarm `escalateUnacknowledgedHighSeconds` after
 *   it began to sound (again after each re-alarm).
 * Pure. Running it again on the state with its events applied returns [] (idempotent).
 * Order: clears, raises (most urgent first), confirmations, re-alarms, escalations.
 */
export function planAlarmEvents(
  state: SessionState,
  conditions: readonly AlarmCondition[],
  protocol: Protocol,
  now: number,
): AlarmEventDraft[] {
  const conditionById = new Map(conditions.map((condition) => [condition.alarmId, condition]));
  const open = state.alarms.filter((record) => record.status !== 'cleared').sort(byAlarmId);
  const openIds = new Set(open.map((record) => record.alarmId));
  const draft = <T extends PlannedAlarmEventType>(type: T, payload: SessionEventPayload<T>, step: string) =>
    ({
      type,
      payload,
      observedAt: now,
      actor: ALARM_SYSTEM_ACTOR,
      commandId: `alarm-${stableHash(`${state.sessionId}|${step}`)}`,
    }) as AlarmEventDraft;

  const clears: AlarmEventDraft[] = [];
  const raises: AlarmEventDraft[] = [];
  const confirms: AlarmEventDraft[] = [];
  const reAlarms: AlarmEventDraft[] = [];
  const escalations: AlarmEventDraft[] = [];

  for (const record of open) {
    const { alarmId } = record;
    // The occurrence and how often it came back: a clear or re-raise repeated after a return is a new command.
    const id = `${alarmId}|${record.raisedSeq}|${record.reactivations}`;
    const condition = conditionById.get(alarmId);
    // What the record will be once this pass's events apply (so escalation is judged on it).
    const next: Simulated = { ...record };
    if (condition === undefined) {
      if (record.status !== 'latched' || causeIsArtifact(state, record)) {
        clears.push(draft('alarm.cleared', { alarmId }, `${record.status === 'latched' ? 'unlatch' : 'clear'}|${id}`));
        next.status = latchesOnClear(state, record) ? 'latched' : 'cleared';
      }
    } else if (record.status === 'latched') {
      raises.push(draft('alarm.raised', raisePayload(condition), `reraise|${id}`));
      next.status = 'active';
    } else if (record.status === 'recheck' && !condition.recheck) {
      confirms.push(draft('alarm.confirmed', { alarmId }, `confirm|${id}`));
      next.status = 'active';
      next.lastSoundedAt = now;
    } else if (
      record.status === 'active' &&
      record.acknowledgedAt !== null &&
      now - record.acknowledgedAt >= protocol.reAlarmAfterAcknowledgeMinutes * 60_000
    ) {
      reAlarms.push(draft('alarm.reAlarmed', { alarmId }, `realarm|${id}|${record.acknowledgedAt}`));
      next.acknowledgedAt = null;
      next.lastSoundedAt = now;
    }
    if (shouldEscalate(next, protocol, now)) {
      escalations.push(draft('alarm.escalated', { alarmId }, `escalate|${id}|${next.lastSoundedAt}`));
    }
  }

  for (const condition of conditions) {
    if (openIds.has(condition.alarmId)) continue;
    const previous = continuedEpisode(state, condition.alarmId, protocol, now);
    if (previous !== null) {
      const step = `continue|${condition.alarmId}|${previous.raisedSeq}|${previous.reactivations}`;
      raises.push(draft('alarm.raised', { ...raisePayload(condition), continuesEpisode: true }, step));
      const reopened: Simulated = {
        kind: condition.kind,
        status: condition.recheck ? 'recheck' : 'active',
        priority: condition.priority,
        acknowledgedAt: previous.acknowledgedAt,
        lastSoundedAt: condition.recheck || previous.acknowledgedAt !== null ? previous.lastSoundedAt : now,
        escalatedAt: previous.escalatedAt,
      };
      const acknowledgedAt = previous.acknowledgedAt;
      if (
        reopened.status === 'active' &&
        acknowledgedAt !== null &&
        now - acknowledgedAt >= protocol.reAlarmAfterAcknowledgeMinutes * 60_000
      ) {
        // Owned long enough ago that a still-present condition would have re-alarmed: it does now.
        const id = `${condition.alarmId}|${previous.raisedSeq}|${previous.reactivations + 1}`;
        reAlarms.push(draft('alarm.reAlarmed', { alarmId: condition.alarmId }, `realarm|${id}|${acknowledgedAt}`));
        reopened.acknowledgedAt = null;
        reopened.lastSoundedAt = now;
      }
      if (shouldEscalate(reopened, protocol, now)) {
        escalations.push(draft('alarm.escalated', { alarmId: condition.alarmId }, `escalate|${step}|${reopened.lastSoundedAt}`));
      }
      continue;
    }
    const occurrence = state.alarms.filter((record) => record.alarmId === condition.alarmId).length;
    raises.push(draft('alarm.raised', raisePayload(condition), `raise|${condition.alarmId}|${occurrence}`));
    const fresh: Simulated = {
      kind: condition.kind,
      status: condition.recheck ? 'recheck' : 'active',
      priority: condition.priority,
      acknowledgedAt: null,
      lastSoundedAt: condition.recheck ? null : now,
      escalatedAt: null,
    };
    if (shouldEscalate(fresh, protocol, now)) {
      escalations.push(draft('alarm.escalated', { alarmId: condition.alarmId }, `escalate|${condition.alarmId}|${occurrence}|${now}`));
    }
  }

  return [...clears, ...raises, ...confirms, ...reAlarms, ...escalations];
}
