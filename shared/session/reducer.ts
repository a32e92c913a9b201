import type { SessionEvent, SessionEventOf, SessionEventType } from './events';
import type { SessionHandlers } from './handlers';
import { alarmHandlers } from './slices/alarms';
import { amendmentHandlers } from './slices/amendments';
import { artifactHandlers } from './slices/artifacts';
import { checklistHandlers } from './slices/checklist';
import { confirmationHandlers } from './slices/confirmations';
import { dosingHandlers } from './slices/dosing';
import { lifecycleHandlers } from './slices/lifecycle';
import { observationHandlers } from './slices/observations';
import { phaseHandlers } from './slices/phase';
import { vitalsHandlers } from './slices/vitals';
import { carryRuleIndex } from './ruleIndex';
import { questionnaireHandlers } from './slices/questionnaires';
import type { SessionState } from './state';

const handlers: SessionHandlers = {
  ...lifecycleHandlers,
  ...vitalsHandlers,
  ...dosingHandlers,
  ...observationHandlers,
  ...checklistHandlers,
  ...phaseHandlers,
  ...amendmentHandlers,
  ...alarmHandlers,
  ...artifactHandlers,
  ...confirmationHandlers,
  ...questionnaireHandlers,
};

function initialState(event: SessionEventOf<'session.opened'>): SessionState {
  return {
    sessionId: event.sessionId,
    roomId: event.payload.roomId,
    patientAlias: event.payload.patientAlias,
    patientId: event.payload.patientId ?? null,
    protocolId: event.payload.protocolId,
    protocolName: event.payload.protocolName,
    phase: 'pre_dose',
    openedAt: event.observedAt,
    dosedAt: null,
    doses: [],
    readings: [],
    observations: [],
    questionnaires: [],
    checklists: { pre_dose: {}, discharge: {} },
    predoseAdvisoryAcknowledgement: null,
    readyForDischargeAt: null,
    clinicallyReadyAt: null,
    discharge: null,
    endedEarly: null,
    amendments: [],
    alarms: [],
    alarmAudioPause: null,
    lastSeq: event.seq,
    lastRecordedAt: event.recordedAt,
  };
}

function dispatch<T extends SessionEventType>(state: SessionState, event: SessionEventOf<T>) {
  const handler = handlers[event.type] as (s: SessionState, e: SessionEventOf<T>) => SessionState;
  return handler(state, event);
}

/**
 * Fold one event into a session's state. Pure and idempotent: an event whose seq is not
 * beyond `state.lastSeq` has already been applied and changes nothing. Callers apply events
 * in sequence order (the client's sync module buffers out-of-order arrivals).
 */
export function applySessionEvent(state: SessionState | null, event: SessionEvent): SessionState | null {
  if (state === null) {
    return event.type === 'session.opened' ? initialState(event) : null;
  }
  if (event.sessionId !== state.sessionId || event.seq <= state.lastSeq) return state;
  const folded = dispatch(state, event);
  const next = { ...folded, lastSeq: event.seq, lastRecordedAt: event.recordedAt };
  carryRuleIndex(state, event, next);
  return next;
}

/** Fold a whole log, in order. */
export function foldSessionEvents(events: readonly SessionEvent[]): SessionState | null {
  let state: SessionState | null = null;
  for (const event of events) state = applySessionEvent(state, event);
  return state;
}
