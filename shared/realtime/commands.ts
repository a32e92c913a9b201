import type { z } from 'zod';
import type { RoomSummary } from '../clinic/rooms';
import { forbiddenMessage, type PolicyAction } from '../policy';
import type { SessionEvent } from '../session/events';
import { ALL_PHASES, OPEN_PHASES } from '../session/phases';
import type { DisplayThinning } from '../session/displaySnapshot';
import type { Reading, SessionPhase, SessionState } from '../session/state';
import {
  alarmAcknowledgeRequestSchema,
  alarmPauseAudioRequestSchema,
  amendmentRecordRequestSchema,
  checklistTickRequestSchema,
  checklistUntickRequestSchema,
  clinicWatchRequestSchema,
  doseRecordRequestSchema,
  observationRecordRequestSchema,
  predoseAcknowledgeAdvisoryRequestSchema,
  questionnaireHandOverRequestSchema,
  questionnaireRecordRequestSchema,
  readingConfirmRequestSchema,
  readingMarkArtifactRequestSchema,
  sessionDischargeRequestSchema,
  sessionEndEarlyRequestSchema,
  sessionOpenRequestSchema,
  sessionReadingsInIntervalRequestSchema,
  sessionUnwatchRequestSchema,
  sessionWatchRequestSchema,
  timeSyncRequestSchema,
  vitalsRecordRequestSchema,
} from './requests';

/** A phantom marker that carries a command's answer type in the table (it holds no value). */
export interface Answer<T extends object> {
  readonly answer?: T;
}
const answers = <T extends object>(): Answer<T> => ({});

/** What every command that appends to a session answers: the stored event; `duplicate` when the command id was seen before. */
export interface CommandAck {
  event: SessionEvent;
  duplicate: boolean;
}

export interface SessionCatchUp {
  /** Set when the client was too far behind (or had nothing): the whole state, once. */
  snapshot: SessionState | null;
  /** With `readings: 'display'`: what the snapshot's thinned intervals really hold; null when nothing was left out. */
  thinning: DisplayThinning | null;
  /** The events after the client's `afterSeq` (or after the snapshot), in order. */
  events: SessionEvent[];
}

/** What a stored command's audit row records besides who, when, from where and the event's seq. */
export type AuditDetail = Record<string, string | number | boolean | null>;

interface QuerySpec<S extends z.ZodType, A extends object> {
  request: S;
  action: PolicyAction;
  answer: Answer<A>;
  /** The refusal of a role without `action`, where the action's own words would mislead (default: `forbiddenMessage(action)`). */
  refusal?: string;
}

interface SessionCommandSpec<S extends z.ZodType, P extends readonly SessionPhase[] | null> extends QuerySpec<S, CommandAck> {
  /**
   * The session phases in which the command may run at all (the UI greys it out in the rest);
   * null for a command that starts a session rather than acting on one.
   */
  phases: P;
  /** What its audit row records; written in the same transaction as the event. */
  audit: (request: z.output<S>, event: SessionEvent) => AuditDetail;
}

/** A read or a subscription: stores nothing, so it has no phases and no audit row of its own. */
const query = <S extends z.ZodType, A extends object>(spec: QuerySpec<S, A>) => ({ ...spec, kind: 'query' as const });
/** A command that appends one event to a session's log. */
const sessionCommand = <S extends z.ZodType, const P extends readonly SessionPhase[] | null>(
  spec: Omit<SessionCommandSpec<S, P>, 'answer'>,
) => ({
  ...spec,
  answer: answers<CommandAck>(),
  kind: 'command' as const,
});

const byCommand = (request: { commandId: string }): AuditDetail => ({ commandId: request.commandId });

/**
 * Every request a screen may send, once: its wire name (`resource.verb`), the zod schema of
 * its payload, the policy action that may send it, its answer, and for commands the phases
 * in which it may run and what its audit row records. The realtime contract, the server's
 * registration, the unknown-event guard, the phase table, the refusal messages and the
 * client's typed `submit` are all derived from this table. Adding a command is one row here,
 * one file in server/commands/, its rule in shared/ and its UI.
 */
export const COMMANDS = {
  'session.watch': query({ request: sessionWatchRequestSchema, action: 'session.view', answer: answers<SessionCatchUp>() }),
  // The readings a thinned interval of a 'display' snapshot really holds (the list loads them when opened).
  'session.readingsInInterval': query({
    request: sessionReadingsInIntervalRequestSchema,
    action: 'session.view',
    answer: answers<{ readings: Reading[] }>(),
  }),
  'session.unwatch': query({ request: sessionUnwatchRequestSchema, action: 'session.view', answer: answers<object>() }),
  'clinic.watch': query({
    request: clinicWatchRequestSchema,
    action: 'board.view',
    answer: answers<{ rooms: RoomSummary[]; versions: Record<string, number> }>(),
  }),
  'time.sync': query({
    request: timeSyncRequestSchema,
    action: 'board.view',
    // The clinic's IANA zone (VIGIL_TIME_ZONE) comes with the clock: every screen shows server time in it.
    answer: answers<{ serverNow: number; clockRate: number; timeZone: string }>(),
  }),
  'vitals.record': sessionCommand({ request: vitalsRecordRequestSchema, action: 'vitals.record', phases: OPEN_PHASES, audit: byCommand }),
  'session.open': sessionCommand({
    request: sessionOpenRequestSchema,
    action: 'session.open',
    phases: null,
    audit: (request) => ({
      commandId: request.commandId,
      roomId: request.roomId,
      protocolId: request.protocolId,
      patientId: request.patientId ?? null,
    }),
  }),
  'checklist.tick': sessionCommand({
    request: checklistTickRequestSchema,
    action: 'checklist.tick',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, checklist: request.checklist, itemId: request.itemId }),
  }),
  // Taking a tick back is allowed to whoever may tick (the protocol's roles per item decide the rest).
  'checklist.untick': sessionCommand({
    request: checklistUntickRequestSchema,
    action: 'checklist.tick',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, checklist: request.checklist, itemId: request.itemId }),
  }),
  'predose.acknowledgeAdvisory': sessionCommand({
    request: predoseAcknowledgeAdvisoryRequestSchema,
    action: 'predose.acknowledgeAdvisory',
    phases: ['pre_dose'],
    audit: byCommand,
  }),
  // Also once judged ready: a further dose given then must reach the record, where it restarts
  // the minimum (the readiness monitor then appends readiness lost).
  'dose.record': sessionCommand({
    request: doseRecordRequestSchema,
    action: 'dose.record',
    phases: OPEN_PHASES,
    audit: byCommand,
  }),
  'observation.record': sessionCommand({
    request: observationRecordRequestSchema,
    action: 'observation.record',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, kind: request.observation.kind }),
  }),
  // Before the dose only: a questionnaire describes the weeks before this session's dose.
  'questionnaire.record': sessionCommand({
    request: questionnaireRecordRequestSchema,
    action: 'questionnaire.record',
    phases: ['pre_dose'],
    audit: (request) => ({
      commandId: request.commandId,
      instrument: request.questionnaire.instrument,
      completedBy: request.completedBy,
    }),
  }),
  // The tablet goes to the patient for one questionnaire: the event says who handed it over, and
  // this browser's sign-in is locked to that questionnaire until a staff member signs in
  // (POST /api/handover/end). Whoever may record questionnaires may hand one over.
  'questionnaire.handOver': sessionCommand({
    request: questionnaireHandOverRequestSchema,
    action: 'questionnaire.record',
    phases: ['pre_dose'],
    audit: (request) => ({ commandId: request.commandId, instrument: request.instrument }),
  }),
  'session.discharge': sessionCommand({
    request: sessionDischargeRequestSchema,
    action: 'session.discharge',
    phases: ['monitoring', 'ready_for_discharge'],
    audit: (request) => ({
      commandId: request.commandId,
      override: request.overrideReason !== undefined,
      disposition: request.disposition ?? 'home',
    }),
  }),
  // Before the dose only: once dosed the patient leaves by `session.discharge` (home when the
  // criteria hold, or transferred to emergency care / left against advice with a reason), so no
  // floor or minimum is passed without saying how the patient left.
  'session.endEarly': sessionCommand({
    request: sessionEndEarlyRequestSchema,
    action: 'session.endEarly',
    phases: ['pre_dose'],
    audit: byCommand,
  }),
  // After discharge the session is read-only: corrections are amendments, always allowed.
  'amendment.record': sessionCommand({
    request: amendmentRecordRequestSchema,
    action: 'amendment.record',
    phases: ALL_PHASES,
    audit: (request) => ({ commandId: request.commandId, targetSeq: request.targetSeq, change: request.change.kind }),
  }),
  // The guard lets through whoever may acknowledge some alarm (the therapist: self-harm only); the
  // command then checks the alarm's own kind (`mayAcknowledgeAlarm` in shared/alerts/acknowledgement.ts).
  'alarm.acknowledge': sessionCommand({
    request: alarmAcknowledgeRequestSchema,
    action: 'alarm.acknowledgeSelfHarm',
    refusal: 'Only nurses and prescribers can acknowledge alarms (and therapists a self-harm alarm)',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, alarmId: request.alarmId }),
  }),
  'reading.markArtifact': sessionCommand({
    request: readingMarkArtifactRequestSchema,
    action: 'reading.markArtifact',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, readingId: request.readingId }),
  }),
  'alarm.pauseAudio': sessionCommand({
    request: alarmPauseAudioRequestSchema,
    action: 'alarm.pauseAudio',
    phases: OPEN_PHASES,
    audit: (request, event) => ({
      commandId: request.commandId,
      untilMs: event.type === 'alarm.audioPaused' ? event.payload.untilMs : null,
    }),
  }),
  'reading.confirm': sessionCommand({
    request: readingConfirmRequestSchema,
    action: 'reading.confirm',
    phases: OPEN_PHASES,
    audit: (request) => ({ commandId: request.commandId, readingId: request.readingId }),
  }),
} as const;

type Table = typeof COMMANDS;
export type RequestName = keyof Table;
/** The requests that append to a session (and answer with a CommandAck). */
export type CommandName = { [E in RequestName]: Table[E]['kind'] extends 'command' ? E : never }[RequestName];
/** What a screen sends (before parsing: defaults and coercions not yet applied). */
export type RequestOf<E extends RequestName> = z.input<Table[E]['request']>;
/** What a server handler receives, after the schema has parsed it. */
export type ParsedRequestOf<E extends RequestName> = z.output<Table[E]['request']>;
export type AnswerOf<E extends RequestName> = Table[E]['answer'] extends Answer<infer T> ? T : never;

export const REQUEST_NAMES = Object.keys(COMMANDS) as RequestName[];
export const COMMAND_NAMES = REQUEST_NAMES.filter((name): name is CommandName => COMMANDS[name].kind === 'command');

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}

/** What a role without the request's action is told: the row's own `refusal`, else the action's words. */
export function refusalOf(name: RequestName): string {
  const spec: { action: PolicyAction; refusal?: string } = COMMANDS[name];
  return spec.refusal ?? forbiddenMessage(spec.action);
}
