import type { VitalSet } from '../vitals/schema';
import type { SessionPhase, SessionState } from '../session/state';
import { selectLatestReading } from '../session/selectors';

/** A compact view of one room for the clinic page and the board. */
export interface RoomSummary {
  roomId: string;
  roomName: string;
  session: null | {
    sessionId: string;
    patientAlias: string;
    protocolName: string;
    phase: SessionPhase;
    dosedAt: number | null;
    lastSeq: number;
    latestReading: null | { observedAt: number; vitals: VitalSet };
  };
}


/** Build a room's summary from its session's state (the same fold every screen uses). */
export function summarizeRoom(
  room: { roomId: string; roomName: string },
  state: SessionState | null,
): RoomSummary {
  if (state === null) return { ...room, session: null };
  const latest = selectLatestReading(state);
  return {
    ...room,
    session: {
      sessionId: state.sessionId,
      patientAlias: state.patientAlias,
      protocolName: state.protocolName,
      phase: state.phase,
      dosedAt: state.dosedAt,
      lastSeq: state.lastSeq,
      latestReading: latest ? { observedAt: latest.observedAt, vitals: latest.vitals } : null,
    },
  };
}
