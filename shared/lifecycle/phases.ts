import { COMMANDS, type CommandName } from '../realtime/commands';
import { fail, type Failure, type Result } from '../result';
import type { Role } from '../roles';
import type { SessionPhase, SessionState } from '../session/state';
import type { PreDoseChecklistConfig } from './config';
import type { DischargeRules } from './discharge';
import type { AdvisoryLimits } from './predose';
import type { AmendmentChange, ChecklistKind } from './schemas';
import type { ObservationBody } from '../observations/schema';
import type { Disposition } from '../session/state';
import { dosingOf, recentReadingMinutesOf, regulatoryFloorOf, scoresOf, type DosingProtocolFields } from './protocolRules';
import {
  checkAcknowledgeAdvisory,
  checkAmendment,
  checkDischarge,
  checkDose,
  checkEndEarly,
  checkObservation,
  checkTick,
  checkUntick,
} from './commandRules';

/**
 * The session's phase machine, explicit: which command may run in which phase, and the
 * clinical conditions of each (baseline and checklist before the dose, every discharge item
 * or a prescriber's reason at discharge). Pure: the server asks before writing, the client
 * asks to enable a button; both get the same plain-language answer.
 *
 * pre_dose --dose--> monitoring <--readiness--> ready_for_discharge --discharge--> discharged
 *     \--end early--> ended_early
 * (after the dose the ways out are discharge dispositions: home, emergency transfer, against advice)
 */

/** A command as the phase machine sees it (the fields it needs from the request). */
export type LifecycleCommand =
  | { type: 'vitals.record' }
  | { type: 'observation.record'; observation?: ObservationBody | undefined }
  | { type: 'checklist.tick'; checklist: ChecklistKind; itemId: string; date?: number | undefined }
  | { type: 'checklist.untick'; checklist: ChecklistKind; itemId: string }
  | { type: 'predose.acknowledgeAdvisory' }
  | { type: 'questionnaire.record' }
  | {
      type: 'dose.record';
      observedAt: number;
      route: string;
      doseMg?: number | undefined;
      deviceCount?: number | undefined;
      deviceOfDoseId?: string | undefined;
    }
  | {
      type: 'session.discharge';
      overrideReason?: string | undefined;
      disposition?: Disposition | undefined;
      dispositionReason?: string | undefined;
    }
  | { type: 'session.endEarly'; reason: string }
  | { type: 'amendment.record'; targetSeq: number; reason: string; change: AmendmentChange };

export type LifecycleCommandType = LifecycleCommand['type'];
export type LifecycleCommandOf<T extends LifecycleCommandType> = Extract<LifecycleCommand, { type: T }>;

/** The protocol settings the lifecycle depends on. */
export interface LifecycleRules extends DischargeRules {
  preDoseChecklist: PreDoseChecklistConfig;
  advisoryLimits: AdvisoryLimits;
  /** The protocol's fixed dose (Spravato 84 mg), which caps its devices; undefined for weight-based. */
  defaultDoseMg?: number | undefined;
}

/** The protocol fields the lifecycle reads (a structural subset of shared/protocols' Protocol). */
export interface LifecycleProtocolFields extends DosingProtocolFields {
  preDoseChecklist: PreDoseChecklistConfig;
  dissociationScale: DischargeRules['dissociationScale'];
  preDoseAdvisory: AdvisoryLimits;
  defaultDoseMg?: number | undefined;
}

// A session's protocol is one object for its whole life (the server and the client keep it): its
// rules are built once, so the memoised rules that take them (doseCourses) find them again.
const rulesByProtocol = new WeakMap<LifecycleProtocolFields, LifecycleRules>();

/**
 * The lifecycle rules of a session's protocol (the version it started with), with the
 * settings older protocol JSON lacks filled in by protocolRules.ts.
 */
export function lifecycleRulesFrom(protocol: LifecycleProtocolFields): LifecycleRules {
  let rules = rulesByProtocol.get(protocol);
  if (rules === undefined) {
    rules = buildRules(protocol);
    rulesByProtocol.set(protocol, rules);
  }
  return rules;
}

function buildRules(protocol: LifecycleProtocolFields): LifecycleRules {
  return {
    preDoseChecklist: protocol.preDoseChecklist,
    dischargeConfig: protocol.discharge,
    dissociationScale: protocol.dissociationScale,
    minimumObservationMinutes: protocol.minimumObservationMinutes,
    checkScheduleMinutes: protocol.checkScheduleMinutes,
    route: protocol.route,
    dosing: dosingOf(protocol),
    scores: scoresOf(protocol),
    recentReadingMinutes: recentReadingMinutesOf(protocol),
    regulatoryFloor: regulatoryFloorOf(protocol),
    advisoryLimits: protocol.preDoseAdvisory,
    defaultDoseMg: protocol.defaultDoseMg,
  };
}

export interface CommandContext {
  /** The acting user's role; null for a device or the system. */
  role: Role | null;
  rules: LifecycleRules;
  /** Server time of the command. */
  now: number;
  /** Active (unresolved) alarms of the session, from the alarms module. */
  activeAlarmCount: number;
}

const READ_ONLY = 'Record a correction as an amendment with a reason.';

/**
 * May the command run at all in this phase (the command table's `phases`)? `{ ok: true }` or
 * the plain refusal. The server asks this for every session command before its own rule.
 */
export function phaseAllows(command: CommandName, phase: SessionPhase): Result {
  const phases: readonly SessionPhase[] | null = COMMANDS[command].phases;
  return phases === null || phases.includes(phase) ? { ok: true } : phaseRefusal(command, phase);
}

function phaseRefusal(type: CommandName, phase: SessionPhase): Failure {
  switch (type) {
    case 'reading.markArtifact':
    case 'reading.confirm':
      return fail('conflict', 'This session is closed: correct the record with an amendment instead');
    case 'alarm.pauseAudio':
      return fail('conflict', 'This session is closed: there is no alarm sound to pause');
  }
  if (phase === 'discharged') return fail('conflict', `This session has been discharged and is read-only. ${READ_ONLY}`);
  if (phase === 'ended_early') return fail('conflict', `This session was ended early and is read-only. ${READ_ONLY}`);
  switch (type) {
    case 'predose.acknowledgeAdvisory':
      return fail('conflict', 'The dose has been given: the pre-dose advisory can no longer be acknowledged.');
    case 'questionnaire.record':
      return fail('conflict', 'The dose has been given: PHQ-9 and GAD-7 are recorded before the dose, at the next session.');
    case 'session.discharge':
      return fail(
        'conflict',
        'The patient has not been dosed, so there is nothing to discharge from. To stop before the dose, end the session early with a reason.',
      );
    case 'session.endEarly':
      return fail(
        'conflict',
        'The dose has been given, so the session cannot be ended early: discharge the patient home when the criteria hold, or record "Transferred to emergency care" or "Left against advice" with a reason.',
      );
    default:
      return fail('conflict', `That cannot be done while the session is in the ${phase} phase.`);
  }
}

/** One lifecycle command's place in the phase machine. */
interface LifecycleRule<T extends LifecycleCommandType> {
  /** It changes the clinical record, so it must name a person, not a device. */
  needsPerson: boolean;
  /** Its clinical rule, asked once the phase allows the command at all. */
  check: (state: SessionState, command: LifecycleCommandOf<T>, ctx: CommandContext) => Result;
}

const allowed = (): Result => ({ ok: true });

/** Every lifecycle command's rule: a command added to `LifecycleCommand` does not compile until it has its row here. */
const LIFECYCLE_RULES: { [T in LifecycleCommandType]: LifecycleRule<T> } = {
  'vitals.record': { needsPerson: false, check: allowed },
  'observation.record': { needsPerson: true, check: (_state, command, ctx) => checkObservation(command, ctx) },
  'checklist.tick': { needsPerson: true, check: checkTick },
  'checklist.untick': { needsPerson: true, check: checkUntick },
  'predose.acknowledgeAdvisory': { needsPerson: true, check: (state, _command, ctx) => checkAcknowledgeAdvisory(state, ctx) },
  'questionnaire.record': { needsPerson: true, check: allowed },
  'dose.record': { needsPerson: true, check: checkDose },
  'session.discharge': { needsPerson: true, check: checkDischarge },
  'session.endEarly': { needsPerson: true, check: (state, command) => checkEndEarly(state, command) },
  'amendment.record': { needsPerson: true, check: checkAmendment },
};

/**
 * May `command` run on `state` now? `{ ok: true }` or a failure whose message says why in
 * plain language (conflict: wrong phase or state; forbidden: wrong role; invalid_input: a
 * missing reason or date; not_found: an unknown item or event). Role-by-event policy beyond
 * the clinical rules (who may record vitals at all) is the server's policy table.
 */
export function commandAllowed<T extends LifecycleCommandType>(
  state: SessionState,
  command: LifecycleCommandOf<T>,
  ctx: CommandContext,
): Result {
  const inPhase = phaseAllows(command.type, state.phase);
  if (!inPhase.ok) return inPhase;
  const rule: LifecycleRule<T> = LIFECYCLE_RULES[command.type];
  if (rule.needsPerson && ctx.role === null) {
    return fail('forbidden', 'This must be entered by a named person, not a device.');
  }
  return rule.check(state, command, ctx);
}
