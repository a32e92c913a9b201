import { isClosedPhase } from '../phases';
import type { SessionHandlers } from '../handlers';
import type { SessionState } from '../state';

type PhaseEvents =
  'session.readyForDischarge' | 'session.readinessLost' | 'session.clinicallyReady' | 'session.discharged' | 'session.endedEarly';

function isHome(payload: { disposition?: string | undefined }): boolean {
  return payload.disposition === undefined || payload.disposition === 'home';
}

const isClosed = (state: SessionState): boolean => isClosedPhase(state.phase);

/**
 * Closing a session ends its monitoring: alarms still open are closed with it (nobody can act
 * on them once the patient has left; the discharge itself records any items that were failing).
 */
function closeOpenAlarms(state: SessionState, at: number): SessionState['alarms'] {
  return state.alarms.map((alarm) => (alarm.status === 'cleared' ? alarm : { ...alarm, status: 'cleared', clearedAt: at }));
}

/**
 * Phase changes after the dose. The server emits these only when the phase machine
 * (lifecycle/phases.ts) allows them; the handlers still guard, so a fold never reopens a
 * closed session whatever the log holds.
 */
export const phaseHandlers: Pick<SessionHandlers, PhaseEvents> = {
  // The first time is kept: the REMS form asks when the patient was first ready to leave.
  'session.readyForDischarge': (state, event) =>
    state.phase !== 'monitoring'
      ? state
      : { ...state, phase: 'ready_for_discharge', readyForDischargeAt: state.readyForDischargeAt ?? event.observedAt },

  'session.readinessLost': (state) => (state.phase === 'ready_for_discharge' ? { ...state, phase: 'monitoring' } : state),

  // The first time since the latest dose (a further dose clears it: see dosing.ts).
  'session.clinicallyReady': (state, event) =>
    isClosed(state) || state.clinicallyReadyAt !== null ? state : { ...state, clinicallyReadyAt: event.observedAt },

  'session.discharged': (state, event) =>
    isClosed(state)
      ? state
      : {
          ...state,
          phase: 'discharged',
          alarms: closeOpenAlarms(state, event.observedAt),
          // Discharged with every item holding but no readiness event yet: ready by then at the latest.
          readyForDischargeAt:
            state.readyForDischargeAt ?? (event.payload.override === null && isHome(event.payload) ? event.observedAt : null),
          clinicallyReadyAt:
            state.clinicallyReadyAt ?? (event.payload.override === null && isHome(event.payload) ? event.observedAt : null),
          discharge: {
            seq: event.seq,
            disposition: event.payload.disposition ?? 'home',
            dispositionReason: event.payload.dispositionReason ?? null,
            dischargedAt: event.observedAt,
            dischargedBy: event.actor,
            override: event.payload.override,
            failingItemIds: event.payload.failingItemIds,
          },
        },

  'session.endedEarly': (state, event) =>
    isClosed(state)
      ? state
      : {
          ...state,
          phase: 'ended_early',
          alarms: closeOpenAlarms(state, event.observedAt),
          endedEarly: { seq: event.seq, endedAt: event.observedAt, endedBy: event.actor, reason: event.payload.reason },
        },
};
