import { selfHarmConditions } from '../alerts/rules/selfHarm';
import { forbiddenMessage, may } from '../policy';
import { fail, type Result } from '../result';
import { ROLE_LABELS, type Role } from '../roles';
import { describeActor } from '../session/actor';
import type { SessionEventPayload } from '../session/events';
import type { SessionState } from '../session/state';
import { selectBaseline } from '../session/selectors';
import { CLINICAL_DISCHARGE_ITEM_IDS, evaluateDischarge } from './discharge';
import { DISPOSITION_LABELS } from '../session/state';
import { INTRANASAL_ROUTE } from './dose';
import { checkDevice, checkDoseTimeAmendment, checkFurtherDose } from './doseRules';
import { checkAmendmentRole } from './amendmentRules';
import { findPersonItem } from './scores';
import type { CommandContext, LifecycleCommandOf } from './phases';
import { doseBlockers, earliestDoseTime, formatPressure, predoseAdvisoryStatus } from './predose';
import type { ChecklistKind } from './schemas';

/**
 * The clinical conditions of each lifecycle command, once its phase allows it. Called by
 * `commandAllowed` in phases.ts; `decideDischarge` is also used by the server to build the
 * `session.discharged` payload.
 */

/** A time a little ahead of the server's clock is a clock difference, not the future. Clinic default. */
export const FUTURE_TOLERANCE_MS = 60_000;

const OK = { ok: true } as const;

function listRoles(roles: readonly Role[]): string {
  const names = roles.map((role) => ROLE_LABELS[role].toLowerCase());
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

function checklistName(kind: ChecklistKind): string {
  return kind === 'pre_dose' ? 'pre-dose checklist' : 'discharge checklist';
}

function findItem(kind: ChecklistKind, itemId: string, ctx: CommandContext) {
  const items = kind === 'pre_dose' ? ctx.rules.preDoseChecklist : ctx.rules.dischargeConfig.practicalItems;
  return items.find((item) => item.id === itemId) ?? null;
}

type ItemCommand = LifecycleCommandOf<'checklist.tick'> | LifecycleCommandOf<'checklist.untick'>;

function checkItemAccess(state: SessionState, command: ItemCommand, ctx: CommandContext): Result<{ label: string; needsDate: boolean }> {
  if (command.checklist === 'pre_dose' && state.phase !== 'pre_dose') {
    return fail(
      'conflict',
      'The dose has been given: the pre-dose checklist can no longer change. Record a correction as an amendment with a reason.',
    );
  }
  const item = findItem(command.checklist, command.itemId, ctx);
  if (item === null) return fail('not_found', `There is no item "${command.itemId}" on the ${checklistName(command.checklist)}.`);
  if (ctx.role === null || !item.rolesAllowed.includes(ctx.role)) {
    return fail('forbidden', `Only a ${listRoles(item.rolesAllowed)} can change "${item.label}".`);
  }
  return { ok: true, label: item.label, needsDate: 'needsDate' in item && item.needsDate === true };
}

export function checkTick(state: SessionState, command: LifecycleCommandOf<'checklist.tick'>, ctx: CommandContext): Result {
  const access = checkItemAccess(state, command, ctx);
  if (!access.ok) return access;
  const existing = state.checklists[command.checklist][command.itemId];
  if (existing !== undefined) {
    return fail('conflict', `"${access.label}" was already ticked by ${describeActor(existing.tickedBy)}.`);
  }
  if (access.needsDate && command.date === undefined) {
    return fail('invalid_input', `"${access.label}" needs a date.`, [{ path: ['date'], message: 'Enter the date' }]);
  }
  if (!access.needsDate && command.date !== undefined) {
    return fail('invalid_input', `"${access.label}" takes no date.`, [{ path: ['date'], message: 'This item takes no date' }]);
  }
  return OK;
}

export function checkUntick(state: SessionState, command: LifecycleCommandOf<'checklist.untick'>, ctx: CommandContext): Result {
  const access = checkItemAccess(state, command, ctx);
  if (!access.ok) return access;
  if (state.checklists[command.checklist][command.itemId] === undefined) {
    return fail('conflict', `"${access.label}" is not ticked.`);
  }
  return OK;
}

export function checkAcknowledgeAdvisory(state: SessionState, ctx: CommandContext): Result {
  if (ctx.role === null || !may(ctx.role, 'predose.acknowledgeAdvisory'))
    return fail('forbidden', 'Only a prescriber can acknowledge a baseline above the advisory limit.');
  const advisory = predoseAdvisoryStatus(state, ctx.rules.advisoryLimits);
  const limit = `${ctx.rules.advisoryLimits.systolicMmHg}/${ctx.rules.advisoryLimits.diastolicMmHg}`;
  switch (advisory.status) {
    case 'no_baseline':
      return fail('conflict', 'There is no baseline blood pressure yet to acknowledge.');
    case 'within_limits':
      return fail(
        'conflict',
        `The baseline ${formatPressure(advisory.baseline)} is within the advisory limit of ${limit}: nothing to acknowledge.`,
      );
    case 'acknowledged':
      return fail('conflict', `The baseline ${formatPressure(advisory.baseline)} has already been acknowledged.`);
    case 'needs_acknowledgement':
      return OK;
  }
}

export function checkDose(state: SessionState, command: LifecycleCommandOf<'dose.record'>, ctx: CommandContext): Result {
  if (command.observedAt > ctx.now + FUTURE_TOLERANCE_MS) {
    return fail('invalid_input', 'The dose time is in the future — please check it.', [
      { path: ['observedAt'], message: 'The dose time is in the future' },
    ]);
  }
  if (command.deviceCount !== undefined && command.route !== INTRANASAL_ROUTE) {
    return fail('invalid_input', 'A device count applies only to intranasal doses.', [
      { path: ['deviceCount'], message: 'Only for intranasal doses' },
    ]);
  }
  const { deviceOfDoseId } = command;
  if (deviceOfDoseId !== undefined) return checkDevice(state, { ...command, deviceOfDoseId }, ctx);
  if (state.dosedAt !== null) return checkFurtherDose(state, command, ctx);
  const blockers = doseBlockers(state, ctx.rules.preDoseChecklist, ctx.rules.advisoryLimits);
  if (blockers.length > 0) {
    return fail(
      'conflict',
      `The dose cannot be recorded yet. ${blockers.map((b) => b.message).join('. ')}.`,
      blockers.map((b) => ({ path: [b.id], message: b.message })),
    );
  }
  const baseline = selectBaseline(state);
  if (baseline !== null && command.observedAt < baseline.observedAt) {
    return fail('invalid_input', 'The dose time is before the baseline reading — please check it.', [
      { path: ['observedAt'], message: 'Before the baseline reading' },
    ]);
  }
  const earliest = earliestDoseTime(state, ctx.rules.preDoseChecklist);
  if (earliest !== null && command.observedAt < earliest) {
    return fail(
      'invalid_input',
      'The dose time is before the pre-dose checklist was complete: the dose is recorded at or after it (leave the time blank for now).',
      [{ path: ['observedAt'], message: 'Before the pre-dose checklist was complete' }],
    );
  }
  return OK;
}

/**
 * Discharge at `ctx.now`: allowed when every item holds; with items failing only for a
 * prescriber who gives a non-empty reason. On success, the `session.discharged` payload.
 */
export function decideDischarge(
  state: SessionState,
  command: LifecycleCommandOf<'session.discharge'>,
  ctx: CommandContext,
): Result<{ payload: SessionEventPayload<'session.discharged'> }> {
  const evaluation = evaluateDischarge(state, ctx.rules, ctx.now, ctx.activeAlarmCount);
  const failing = evaluation.items.filter((item) => !item.passes);
  const disposition = command.disposition ?? 'home';
  // An ambulance does not wait for an acknowledgement; every other way of leaving does.
  const selfHarm = disposition === 'emergency_transfer' ? OK : checkSelfHarmTakenUp(state, 'discharged');
  if (!selfHarm.ok) return selfHarm;
  if (disposition !== 'home') {
    // The ways out before the criteria hold: always possible, never silent.
    const why = command.dispositionReason?.trim() ?? '';
    if (why === '') {
      return fail('invalid_input', `Give a reason: ${DISPOSITION_LABELS[disposition].toLowerCase()} is recorded with what happened.`, [
        { path: ['dispositionReason'], message: 'A reason is required' },
      ]);
    }
    return { ok: true, payload: { override: null, failingItemIds: failing.map((item) => item.id), disposition, dispositionReason: why } };
  }
  if (evaluation.allPass) return { ok: true, payload: { override: null, failingItemIds: [], disposition: 'home' } };
  const summary = failing.map((item) => `${item.label} (${item.reason})`).join('; ');
  const issues = failing.map((item) => ({ path: ['items', item.id], message: `${item.label}: ${item.reason}` }));
  if (failing.some((item) => item.id === CLINICAL_DISCHARGE_ITEM_IDS.regulatoryFloor)) {
    return fail(
      'conflict',
      `Discharge home refused — not yet met: ${summary}. No override can pass a regulatory floor. If the patient must leave now, record "Transferred to emergency care" or "Left against advice" with a reason.`,
      issues,
    );
  }
  const reason = command.overrideReason?.trim() ?? '';
  if (ctx.role === null || !may(ctx.role, 'session.dischargeOverride')) {
    return fail(
      reason === '' ? 'conflict' : 'forbidden',
      `Discharge refused — not yet met: ${summary}. ${forbiddenMessage('session.dischargeOverride')}.`,
      issues,
    );
  }
  if (reason === '') {
    return fail('invalid_input', `Discharge refused — not yet met: ${summary}. To discharge anyway, give a reason.`, [
      { path: ['overrideReason'], message: 'A reason is required to discharge with items failing' },
      ...issues,
    ]);
  }
  return { ok: true, payload: { override: { reason }, failingItemIds: failing.map((item) => item.id), disposition: 'home' } };
}

export function checkDischarge(state: SessionState, command: LifecycleCommandOf<'session.discharge'>, ctx: CommandContext): Result {
  const decision = decideDischarge(state, command, ctx);
  return decision.ok ? OK : decision;
}

/**
 * A PHQ-9 item 9 answered above 0 needs a clinician's attention the same day (CLINICAL.md): its
 * alarm's acknowledgement is the record that someone took it up. A session does not close over
 * one that no one has (closing clears every alarm, so it would leave the board unanswered).
 */
function checkSelfHarmTakenUp(state: SessionState, closing: 'discharged' | 'ended'): Result {
  if (selfHarmConditions(state).length === 0) return OK;
  return fail(
    'conflict',
    `The PHQ-9 self-harm answer has not been acknowledged: a clinician speaks with the patient and acknowledges its alarm (with a note) before the session is ${closing}.`,
  );
}

export function checkEndEarly(state: SessionState, command: LifecycleCommandOf<'session.endEarly'>): Result {
  if (command.reason.trim() === '') {
    return fail('invalid_input', 'Give a reason for ending the session early.', [{ path: ['reason'], message: 'A reason is required' }]);
  }
  return checkSelfHarmTakenUp(state, 'ended');
}

export function checkAmendment(state: SessionState, command: LifecycleCommandOf<'amendment.record'>, ctx: CommandContext): Result {
  if (command.reason.trim() === '') {
    return fail('invalid_input', 'Give a reason for the amendment.', [{ path: ['reason'], message: 'A reason is required' }]);
  }
  if (command.targetSeq < 1 || command.targetSeq > state.lastSeq) {
    return fail('not_found', `There is no entry #${command.targetSeq} in this session.`, [
      { path: ['targetSeq'], message: 'No such entry' },
    ]);
  }
  const { change } = command;
  const role = checkAmendmentRole(state, command.targetSeq, ctx.role, ctx.rules);
  if (!role.ok) return role;
  if (change.kind === 'note') return OK;
  if (!state.doses.some((dose) => dose.seq === command.targetSeq)) {
    return fail(
      'invalid_input',
      `Entry #${command.targetSeq} is not a dose: only a dose's time or lot can be changed. Use a correction note for other entries.`,
      [{ path: ['targetSeq'], message: 'Not a dose' }],
    );
  }
  if (change.kind === 'dose_time' && change.administeredAt > ctx.now + FUTURE_TOLERANCE_MS) {
    return fail('invalid_input', 'The corrected dose time is in the future — please check it.', [
      { path: ['change', 'administeredAt'], message: 'In the future' },
    ]);
  }
  if (change.kind === 'dose_time') return checkDoseTimeAmendment(state, command.targetSeq, change.administeredAt, ctx.rules);
  return OK;
}

/** A person's score of a discharge-score item: a known person-scored item, by one of its roles, with one of its options. */
export function checkObservation(command: LifecycleCommandOf<'observation.record'>, ctx: CommandContext): Result {
  const body = command.observation;
  if (body?.kind !== 'score_item') return OK;
  const found = findPersonItem(ctx.rules.scores, body.scoreId, body.itemId);
  if (found === null) {
    return fail('not_found', `This protocol has no score item "${body.scoreId}/${body.itemId}".`, [
      { path: ['observation', 'itemId'], message: 'No such score item' },
    ]);
  }
  const { score, item } = found;
  if (item.source.kind !== 'person') {
    return fail('invalid_input', `${score.name} "${item.label}" is scored from the record, not by hand.`, [
      { path: ['observation', 'itemId'], message: 'Scored from the record' },
    ]);
  }
  if (ctx.role === null || !item.source.rolesAllowed.includes(ctx.role)) {
    return fail('forbidden', `Only a ${listRoles(item.source.rolesAllowed)} can score ${score.name} "${item.label}".`);
  }
  if (!item.options.some((option) => option.points === body.points)) {
    const allowed = item.options.map((option) => option.points).join(', ');
    return fail('invalid_input', `${score.name} "${item.label}" scores ${allowed}.`, [
      { path: ['observation', 'points'], message: `Must be one of ${allowed}` },
    ]);
  }
  return OK;
}
