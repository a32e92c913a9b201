import { causeIsArtifact, latchesOnClear } from '../../alerts/latch';
import type { AlarmRecord } from '../../alerts/types';
import type { SessionEventOf } from '../events';
import type { SessionHandlers } from '../handlers';
import type { SessionState } from '../state';

type AlarmEvents =
  'alarm.raised' | 'alarm.confirmed' | 'alarm.cleared' | 'alarm.acknowledged' | 'alarm.escalated' | 'alarm.reAlarmed' | 'alarm.audioPaused';

/** The open (not cleared) occurrence of an alarm id; there is at most one. */
function openIndex(state: SessionState, alarmId: string): number {
  return state.alarms.findIndex((record) => record.alarmId === alarmId && record.status !== 'cleared');
}

/** Apply `change` to the open occurrence of the event's alarm; no open occurrence: no change. */
function updateOpen(state: SessionState, alarmId: string, change: (record: AlarmRecord) => AlarmRecord): SessionState {
  const index = openIndex(state, alarmId);
  const record = state.alarms[index];
  if (record === undefined) return state;
  const next = change(record);
  if (next === record) return state;
  const alarms = [...state.alarms];
  alarms[index] = next;
  return { ...state, alarms };
}

function raised(state: SessionState, event: SessionEventOf<'alarm.raised'>): SessionState {
  const { payload } = event;
  const cause = {
    message: payload.message,
    parameter: payload.parameter ?? null,
    value: payload.value ?? null,
    readingId: payload.readingId ?? null,
    observationId: payload.observationId ?? null,
  };
  const crossing = { at: event.observedAt, value: cause.value, readingId: cause.readingId, observationId: cause.observationId };
  const open = state.alarms[openIndex(state, payload.alarmId)];
  if (open === undefined && payload.continuesEpisode) {
    const lastIndex = state.alarms.findLastIndex((record) => record.alarmId === payload.alarmId);
    const last = state.alarms[lastIndex];
    if (last !== undefined) {
      const alarms = [...state.alarms];
      alarms[lastIndex] = {
        ...last,
        ...cause,
        status: payload.recheck ? 'recheck' : 'active',
        // Still owned if someone acknowledged it; otherwise it sounds again.
        lastSoundedAt: payload.recheck || last.acknowledgedAt !== null ? last.lastSoundedAt : event.observedAt,
        conditionClearedAt: null,
        clearedAt: null,
        reactivations: last.reactivations + 1,
        crossings: [...last.crossings, crossing],
      };
      return { ...state, alarms };
    }
  }
  if (open !== undefined) {
    // Only a latched alarm can come back; a second raise of an open alarm (another server)
    // changes nothing.
    if (open.status !== 'latched') return state;
    return updateOpen(state, payload.alarmId, (record) => ({
      ...record,
      ...cause,
      status: 'active',
      conditionClearedAt: null,
      reactivations: record.reactivations + 1,
      crossings: [...record.crossings, crossing],
    }));
  }
  const record: AlarmRecord = {
    alarmId: payload.alarmId,
    occurrence: state.alarms.filter((r) => r.alarmId === payload.alarmId).length,
    raisedSeq: event.seq,
    reactivations: 0,
    kind: payload.kind,
    priority: payload.priority,
    technical: payload.technical,
    ...cause,
    crossings: [crossing],
    status: payload.recheck ? 'recheck' : 'active',
    raisedAt: event.observedAt,
    confirmedAt: null,
    lastSoundedAt: payload.recheck ? null : event.observedAt,
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgementNote: null,
    acknowledgements: [],
    escalatedAt: null,
    reAlarmedAt: null,
    conditionClearedAt: null,
    clearedAt: null,
  };
  return { ...state, alarms: [...state.alarms, record] };
}

/**
 * Folds the alarm lifecycle (CLINICAL.md "Alarms", IEC 60601-1-8 conventions): high alarms
 * latch until acknowledged, acknowledgement is separate from audio pause, a re-alarm needs
 * a new acknowledgement. Every handler ignores an alarm id with no open occurrence.
 */
export const alarmHandlers: Pick<SessionHandlers, AlarmEvents> = {
  'alarm.raised': raised,

  'alarm.confirmed': (state, event) =>
    updateOpen(state, event.payload.alarmId, (record) =>
      record.status !== 'recheck'
        ? record
        : { ...record, status: 'active', confirmedAt: event.observedAt, lastSoundedAt: event.observedAt },
    ),

  'alarm.cleared': (state, event) =>
    updateOpen(state, event.payload.alarmId, (record) => {
      // A latched alarm stays until acknowledged, unless its reading turned out an artifact.
      if (record.status === 'latched' && !causeIsArtifact(state, record)) return record;
      return latchesOnClear(state, record)
        ? { ...record, status: 'latched', conditionClearedAt: event.observedAt }
        : { ...record, status: 'cleared', conditionClearedAt: event.observedAt, clearedAt: event.observedAt };
    }),

  'alarm.acknowledged': (state, event) =>
    updateOpen(state, event.payload.alarmId, (record) => {
      if (record.acknowledgedAt !== null) return record;
      const note = event.payload.note?.trim() ? event.payload.note.trim() : null;
      const acknowledged: AlarmRecord = {
        ...record,
        acknowledgedBy: event.actor,
        acknowledgedAt: event.observedAt,
        acknowledgementNote: note,
        acknowledgements: [...record.acknowledgements, { by: event.actor, at: event.observedAt, note }],
      };
      // A latched alarm's condition is already gone: owning it closes it.
      return record.status === 'latched' ? { ...acknowledged, status: 'cleared', clearedAt: event.observedAt } : acknowledged;
    }),

  'alarm.escalated': (state, event) => updateOpen(state, event.payload.alarmId, (record) => ({ ...record, escalatedAt: event.observedAt })),

  'alarm.reAlarmed': (state, event) =>
    updateOpen(state, event.payload.alarmId, (record) =>
      record.acknowledgedAt === null
        ? record
        : {
            ...record,
            acknowledgedBy: null,
            acknowledgedAt: null,
            acknowledgementNote: null,
            reAlarmedAt: event.observedAt,
            lastSoundedAt: event.observedAt,
          },
    ),

  'alarm.audioPaused': (state, event) => ({
    ...state,
    alarmAudioPause: { untilMs: event.payload.untilMs, pausedBy: event.actor, pausedAt: event.observedAt },
  }),
};
