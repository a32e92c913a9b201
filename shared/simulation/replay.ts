import { evaluateAlarmConditions } from '../alerts/conditions';
import { planAlarmEvents } from '../alerts/planner';
import type { AlarmPriority, AlarmRecord } from '../alerts/types';
import { buildOruR01 } from '../hl7/build';
import { parseOruR01 } from '../hl7/oru';
import type { Actor } from '../session/actor';
import type { SessionEvent, SessionEventPayload, SessionEventType } from '../session/events';
import { applySessionEvent } from '../session/reducer';
import type { SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import type { CorpusInput, CorpusSession, TruthEvent } from './corpus';
import { MONITOR_ROWS } from './monitor';

/** How often the replay runs the rules when nothing arrives (the server's timer), in ms. */
export const REPLAY_TICK_MS = 10_000;
/** A nurse owns a sounding alarm this long after it starts to sound. */
export const ACKNOWLEDGE_AFTER_MS = 45_000;

const nurse: Actor = { kind: 'user', userId: 'corpus-nurse', displayName: 'Corpus nurse', role: 'nurse' };
const therapist: Actor = { kind: 'user', userId: 'corpus-therapist', displayName: 'Corpus therapist', role: 'therapist' };
const monitor: Actor = { kind: 'device', deviceId: '5649474C00C0FFEE', displayName: 'Corpus monitor' };

/** An alarm episode as the replay saw it: when it first sounded (null: only ever "checking"). */
export interface ReplayedAlarm {
  alarmId: string;
  priority: AlarmPriority;
  parameter: AlarmRecord['parameter'];
  kind: AlarmRecord['kind'];
  message: string;
  raisedAt: number;
  firstSoundedAt: number | null;
}

export interface ReplayResult {
  session: CorpusSession;
  alarms: ReplayedAlarm[];
  /** Device values the HL7 parser dropped (sentinels): never readings. */
  droppedValues: number;
}

/** The device's raw values as an ORU^R01, parsed by the server's own parser: sentinels never become readings. */
function deviceVitals(
  input: Extract<CorpusInput, { kind: 'device' }>,
  index: number,
): { vitals: Partial<Record<VitalKey, number>>; dropped: number } {
  const observations = (Object.entries(input.values) as [VitalKey, string][]).map(([key, value]) => ({ ...MONITOR_ROWS[key], value }));
  const message = buildOruR01({
    sendingApplication: 'CORPUS',
    sendingFacility: 'corpus',
    controlId: `c${index}`,
    sentAt: input.at,
    offsetMinutes: 0,
    equipmentId: monitor.kind === 'device' ? monitor.deviceId : '',
    location: 'room',
    patientAlias: 'P',
    observedAt: input.at,
    observations,
  });
  const parsed = parseOruR01(message, { defaultOffsetMinutes: 0 });
  if (!parsed.ok) return { vitals: {}, dropped: observations.length };
  const vitals: Partial<Record<VitalKey, number>> = {};
  for (const reading of parsed.oru.readings) Object.assign(vitals, reading.vitals);
  return { vitals, dropped: parsed.oru.dropped.length };
}

/**
 * Replays one corpus session through the rules the server runs (`evaluateAlarmConditions`
 * then `planAlarmEvents`, as server/alarms/alarmEngine.ts does after every commit and on its
 * timer): each input is folded in at its time and the rules run after it and every
 * REPLAY_TICK_MS; a nurse acknowledges each sounding alarm ACKNOWLEDGE_AFTER_MS after it sounds.
 */
export function replayCorpusSession(session: CorpusSession): ReplayResult {
  let state: SessionState | null = null;
  let seq = 0;
  let dropped = 0;
  const firstSounded = new Map<string, number>();
  const append = <T extends SessionEventType>(type: T, payload: SessionEventPayload<T>, at: number, actor: Actor) => {
    seq += 1;
    const event = {
      sessionId: session.sessionId,
      seq,
      type,
      payload,
      observedAt: at,
      recordedAt: at + 200,
      actor,
      commandId: `c${seq}`,
    } as SessionEvent;
    state = applySessionEvent(state, event);
  };
  const run = (now: number) => {
    const current = state!;
    for (const draft of planAlarmEvents(current, evaluateAlarmConditions(current, session.protocol, now), session.protocol, now)) {
      append(draft.type, draft.payload as never, now, draft.actor);
    }
    for (const record of state!.alarms) {
      const key = `${record.alarmId}#${record.raisedSeq}`;
      if (record.lastSoundedAt !== null && !firstSounded.has(key)) firstSounded.set(key, record.lastSoundedAt);
      const sounding = record.status === 'active' || record.status === 'latched';
      if (
        sounding &&
        record.acknowledgedAt === null &&
        record.lastSoundedAt !== null &&
        now - record.lastSoundedAt >= ACKNOWLEDGE_AFTER_MS
      ) {
        append('alarm.acknowledged', { alarmId: record.alarmId }, now, nurse);
      }
    }
  };

  append(
    'session.opened',
    { roomId: 'room-1', patientAlias: 'P', protocolId: session.protocol.id, protocolName: session.protocol.name },
    session.openedAt,
    nurse,
  );
  let nextTick = session.openedAt;
  let readingCount = 0;
  for (const input of session.inputs) {
    for (; nextTick < input.at; nextTick += REPLAY_TICK_MS) run(nextTick);
    readingCount += 1;
    const readingId = `r${readingCount}`;
    if (input.kind === 'dose') {
      append(
        'dose.recorded',
        {
          doseId: 'd1',
          drug: session.protocol.drug,
          doseMg: session.protocol.defaultDoseMg ?? 50,
          route: session.protocol.route,
          lotNumber: 'CORPUS',
        },
        input.at,
        nurse,
      );
    } else if (input.kind === 'moaas') {
      append(
        'observation.recorded',
        { observationId: `o${readingCount}`, observation: { kind: 'moaas', score: input.score } },
        input.at,
        therapist,
      );
    } else if (input.kind === 'typed') {
      append('vitals.recorded', { readingId, vitals: input.vitals }, input.at, nurse);
    } else {
      const parsed = deviceVitals(input, readingCount);
      dropped += parsed.dropped;
      if (Object.keys(parsed.vitals).length > 0) append('vitals.recorded', { readingId, vitals: parsed.vitals }, input.at, monitor);
    }
    run(input.at + 200);
  }
  for (; nextTick <= session.endAt; nextTick += REPLAY_TICK_MS) run(nextTick);

  const alarms = state!.alarms.map((record: AlarmRecord) => ({
    alarmId: record.alarmId,
    priority: record.priority,
    parameter: record.parameter,
    kind: record.kind,
    message: record.message,
    raisedAt: record.raisedAt,
    firstSoundedAt: firstSounded.get(`${record.alarmId}#${record.raisedSeq}`) ?? null,
  }));
  return { session, alarms, droppedValues: dropped };
}

/** Whether a sounded alarm answers a real event: its parameter or kind, from 30 min before onset to 30 min after the end. */
export function answers(alarm: ReplayedAlarm, event: TruthEvent): boolean {
  if (alarm.firstSoundedAt === null) return false;
  if (alarm.firstSoundedAt < event.onsetAt - 30 * 60_000 || alarm.firstSoundedAt > event.endAt + 30 * 60_000) return false;
  return event.kinds.includes(alarm.kind) || (alarm.parameter !== null && event.parameters.includes(alarm.parameter));
}
