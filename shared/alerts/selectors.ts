import type { Protocol } from '../protocols/schema';
import type { SessionState } from '../session/state';
import { PRIORITY_RANK, type AlarmParameter, type AlarmPriority, type AlarmRecord } from './types';

/** Most urgent first, then oldest first. */
function byUrgency(a: AlarmRecord, b: AlarmRecord): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.raisedAt - b.raisedAt || a.raisedSeq - b.raisedSeq;
}

/** Open alarms (recheck, active or latched), most urgent first: the alarm tray. */
export function activeAlarms(state: SessionState): AlarmRecord[] {
  return state.alarms.filter((record) => record.status !== 'cleared').sort(byUrgency);
}

/** The open occurrence of an alarm id, or null (e.g. to check an acknowledgement request). */
export function findOpenAlarm(state: SessionState, alarmId: string): AlarmRecord | null {
  return state.alarms.find((record) => record.alarmId === alarmId && record.status !== 'cleared') ?? null;
}

/** The most urgent priority in a list, or null when it is empty. */
export function worstPriority(alarms: readonly { priority: AlarmPriority }[]): AlarmPriority | null {
  let worst: AlarmPriority | null = null;
  for (const { priority } of alarms) {
    if (worst === null || PRIORITY_RANK[priority] > PRIORITY_RANK[worst]) worst = priority;
  }
  return worst;
}

/**
 * The alarms a screen should sound now: open, not in recheck, not acknowledged (active or
 * latched), most urgent first. None while audio is paused (`now < audioPausedUntil`); the
 * screen passes its own pause (or `state.alarmAudioPause?.untilMs` for a session-wide one).
 */
export function alarmsNeedingSound(state: SessionState, now: number, audioPausedUntil: number | null): AlarmRecord[] {
  if (audioPausedUntil !== null && now < audioPausedUntil) return [];
  return activeAlarms(state).filter(
    (record) => (record.status === 'active' || record.status === 'latched') && record.acknowledgedAt === null,
  );
}

/**
 * Unacknowledged alarms escalated since they last began to sound: shown on the prescriber's
 * screens wherever they are in the app.
 */
export function escalatedAlarms(state: SessionState): AlarmRecord[] {
  return activeAlarms(state).filter(
    (record) =>
      record.acknowledgedAt === null &&
      record.escalatedAt !== null &&
      record.lastSoundedAt !== null &&
      record.escalatedAt >= record.lastSoundedAt,
  );
}

/** When an audio pause asked for at `now` ends (`alarm.audioPaused` payload `untilMs`). */
export function audioPauseUntil(protocol: Protocol, now: number): number {
  return now + protocol.audioPauseMinutes * 60_000;
}

/**
 * The newest value of an alarm's parameter in the record, with when it was measured: a reading
 * marked as artifact left out, MOAA/S from the observations. Null for NEWS2 and others without one
 * parameter, or with no value yet. The tray shows it beside an alarm raised on an older value, so
 * an alarm raised at MOAA/S 1 says so when the patient is now at 0.
 */
export function currentValueOf(state: SessionState, parameter: AlarmParameter | 'news2' | null): { value: number; at: number } | null {
  if (parameter === null || parameter === 'news2') return null;
  if (parameter === 'moaas') {
    for (let index = state.observations.length - 1; index >= 0; index -= 1) {
      const body = state.observations[index]!.body;
      if (body.kind === 'moaas') return { value: body.score, at: state.observations[index]!.observedAt };
    }
    return null;
  }
  for (let index = state.readings.length - 1; index >= 0; index -= 1) {
    const reading = state.readings[index]!;
    const value = reading.vitals[parameter];
    if (reading.artifact === null && value !== undefined) return { value, at: reading.observedAt };
  }
  return null;
}
