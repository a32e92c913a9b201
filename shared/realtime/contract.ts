import type { Result } from '../result';
import type { SessionEvent } from '../session/events';
import type { SessionState } from '../session/state';
import type { RoomSummary } from '../clinic/rooms';

/**
 * The one typed realtime contract. Events are named `resource.verb`. Inbound payloads are
 * typed `unknown` on purpose: every server handler parses them with the schema of the
 * same name in `requests.ts` before doing anything else.
 */
export type Ack<T extends object = object> = (result: Result<T>) => void;

export interface SessionCatchUp {
  /** Set when the client was too far behind (or had nothing): the whole state, once. */
  snapshot: SessionState | null;
  /** The events after the client's `afterSeq` (or after the snapshot), in order. */
  events: SessionEvent[];
}

/** What every command that appends to a session answers: the stored event; `duplicate` when the command id was seen before. */
export interface CommandAck {
  event: SessionEvent;
  duplicate: boolean;
}

export interface ClientToServerEvents {
  'session.watch': (request: unknown, ack: Ack<SessionCatchUp>) => void;
  'session.unwatch': (request: unknown, ack: Ack) => void;
  'vitals.record': (request: unknown, ack: Ack<CommandAck>) => void;
  'clinic.watch': (request: unknown, ack: Ack<{ rooms: RoomSummary[] }>) => void;
  'time.sync': (request: unknown, ack: Ack<{ serverNow: number; clockRate: number }>) => void;
  // Session lifecycle (issue 4)
  'session.open': (request: unknown, ack: Ack<CommandAck>) => void;
  'checklist.tick': (request: unknown, ack: Ack<CommandAck>) => void;
  'checklist.untick': (request: unknown, ack: Ack<CommandAck>) => void;
  'predose.acknowledgeAdvisory': (request: unknown, ack: Ack<CommandAck>) => void;
  'dose.record': (request: unknown, ack: Ack<CommandAck>) => void;
  'observation.record': (request: unknown, ack: Ack<CommandAck>) => void;
  'session.discharge': (request: unknown, ack: Ack<CommandAck>) => void;
  'session.endEarly': (request: unknown, ack: Ack<CommandAck>) => void;
  'amendment.record': (request: unknown, ack: Ack<CommandAck>) => void;
  // Alarms (issue 3)
  'alarm.acknowledge': (request: unknown, ack: Ack<CommandAck>) => void;
  'reading.markArtifact': (request: unknown, ack: Ack<CommandAck>) => void;
  'alarm.pauseAudio': (request: unknown, ack: Ack<CommandAck>) => void;
  // Device readings (issue 6)
  'reading.confirm': (request: unknown, ack: Ack<CommandAck>) => void;
}

export interface ServerToClientEvents {
  /** A committed event of a session this socket watches. */
  'session.event': (event: SessionEvent) => void;
  /** A room's summary changed (clinic page, prescriber's board). */
  'clinic.room': (room: RoomSummary) => void;
}

/** Wire names, one table (tests and the client use these rather than string literals). */
export const WIRE = {
  sessionWatch: 'session.watch',
  sessionUnwatch: 'session.unwatch',
  vitalsRecord: 'vitals.record',
  clinicWatch: 'clinic.watch',
  timeSync: 'time.sync',
  sessionOpen: 'session.open',
  checklistTick: 'checklist.tick',
  checklistUntick: 'checklist.untick',
  predoseAcknowledgeAdvisory: 'predose.acknowledgeAdvisory',
  doseRecord: 'dose.record',
  observationRecord: 'observation.record',
  sessionDischarge: 'session.discharge',
  sessionEndEarly: 'session.endEarly',
  amendmentRecord: 'amendment.record',
  alarmAcknowledge: 'alarm.acknowledge',
  readingMarkArtifact: 'reading.markArtifact',
  alarmPauseAudio: 'alarm.pauseAudio',
  readingConfirm: 'reading.confirm',
  sessionEvent: 'session.event',
  clinicRoom: 'clinic.room',
} as const;
