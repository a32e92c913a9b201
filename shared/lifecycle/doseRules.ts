import { fail, type Result } from '../result';
import { selectBaseline } from '../session/selectors';
import type { Dose, SessionState } from '../session/state';
import { evaluateDischarge, type DischargeRules } from './discharge';
import { TIME_ITEM_IDS } from './dischargeItems';
import { furtherDoseSettings } from './doses';
import type { PreDoseChecklistConfig } from './config';
import type { CommandContext, LifecycleCommandOf } from './phases';
import { earliestDoseTime } from './predose';

/**
 * The rules of a dose entry once the session is dosed: a further device of a dose (same
 * course, capped at the protocol's dose) or a further dose (allowed only for a route whose
 * schedule and minimum the protocol sets, since it restarts them).
 */

type DoseCommand = LifecycleCommandOf<'dose.record'>;

function devicesIn(entry: { deviceCount?: number | undefined; doseMg: number }, mgPerDevice: number): number {
  return entry.deviceCount ?? Math.max(1, Math.round(entry.doseMg / mgPerDevice));
}

/** A further device of the dose `command.deviceOfDoseId`. */
export function checkDevice(state: SessionState, command: DoseCommand & { deviceOfDoseId: string }, ctx: CommandContext): Result {
  const devices = ctx.rules.dosing.devices;
  if (devices === undefined) {
    return fail('invalid_input', "This protocol's doses are not given as devices: record a further dose instead.", [
      { path: ['deviceOfDoseId'], message: 'No devices in this protocol' },
    ]);
  }
  const dose = state.doses.find((entry) => entry.doseId === command.deviceOfDoseId && entry.deviceOfDoseId === undefined);
  if (dose === undefined) {
    return fail('not_found', 'There is no such dose in this session to add a device to.', [
      { path: ['deviceOfDoseId'], message: 'No such dose' },
    ]);
  }
  const entries = state.doses.filter((entry) => entry === dose || entry.deviceOfDoseId === dose.doseId);
  if (command.route !== dose.route) {
    return fail('invalid_input', `A device of this dose is ${dose.route}, like the dose.`, [
      { path: ['route'], message: `Must be ${dose.route}` },
    ]);
  }
  const previous = Math.max(...entries.map((entry) => entry.administeredAt));
  if (command.observedAt < previous) {
    return fail('invalid_input', 'A further device cannot be earlier than the device before it — please check the time.', [
      { path: ['observedAt'], message: 'Earlier than the previous device' },
    ]);
  }
  const doseMg = ctx.rules.defaultDoseMg;
  if (doseMg !== undefined) {
    const allowed = Math.round(doseMg / devices.mgPerDevice);
    const given = entries.reduce((sum, entry) => sum + devicesIn(entry, devices.mgPerDevice), 0);
    const adding = command.deviceCount ?? 1;
    if (given + adding > allowed) {
      return fail(
        'conflict',
        `${doseMg} mg is ${allowed} device${allowed === 1 ? '' : 's'} of ${devices.mgPerDevice} mg, and ${given} ${given === 1 ? 'is' : 'are'} recorded already: this would be more than the protocol's dose.`,
        [{ path: ['deviceCount'], message: `At most ${allowed - given} more` }],
      );
    }
  }
  return { ok: true };
}

/** A further dose: restarts the schedule and minimum its route has in the protocol. */
export function checkFurtherDose(state: SessionState, command: DoseCommand, ctx: CommandContext): Result {
  if (state.dosedAt !== null && command.observedAt < state.dosedAt) {
    return fail(
      'invalid_input',
      "A further dose cannot be earlier than the first dose. To correct the first dose's time, record an amendment.",
      [{ path: ['observedAt'], message: 'Earlier than the first dose' }],
    );
  }
  if (furtherDoseSettings(ctx.rules, command.route) === null) {
    const devices = ctx.rules.dosing.devices !== undefined ? ' A further device of the dose is recorded as a device of it.' : '';
    return fail(
      'conflict',
      `This protocol sets no check schedule or minimum observation for a further ${command.route} dose, so one cannot be recorded here.${devices}`,
      [{ path: ['route'], message: `No further ${command.route} dose in this protocol` }],
    );
  }
  return { ok: true };
}

/**
 * A corrected dose or device time keeps what the original entries had to keep (`checkDoseOrder`)
 * and, once the session has closed, what its closing said: no dose after the patient left, and
 * no time item (the minimum observation, a regulatory floor) that held at discharge made to fail
 * by the correction — the record would then say the patient went home before it, with no
 * override. A dose really given later than recorded is a correction note and an incident report,
 * not a new dose time.
 */
export function checkDoseTimeAmendment(
  state: SessionState,
  targetSeq: number,
  administeredAt: number,
  rules: DischargeRules & { preDoseChecklist: PreDoseChecklistConfig },
): Result {
  const order = checkDoseOrder(state, targetSeq, administeredAt, rules.preDoseChecklist);
  if (!order.ok) return order;
  const refuse = (message: string) => fail('invalid_input', message, [{ path: ['change', 'administeredAt'], message }]);
  const closedAt = state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? null;
  if (closedAt !== null && administeredAt > closedAt)
    return refuse('The corrected dose time is after the session closed — the patient had left by then. Please check it.');
  const { discharge } = state;
  if (discharge === null) return { ok: true };
  const amended: SessionState = {
    ...state,
    doses: state.doses.map((entry) => (entry.seq === targetSeq ? { ...entry, administeredAt } : entry)),
  };
  const heldAtDischarge = evaluateDischarge(amended, rules, discharge.dischargedAt, 0).items.filter(
    (item) => TIME_ITEM_IDS.has(item.id) && !discharge.failingItemIds.includes(item.id),
  );
  const broken = heldAtDischarge.find((item) => !item.passes);
  if (broken !== undefined)
    return refuse(
      `With this time, "${broken.label}" would not have held when the patient left (${broken.reason}), and the discharge recorded it as met. If the dose really was given later, add a correction note and report it.`,
    );
  return { ok: true };
}

/**
 * The order a dose time keeps: the first dose not before the baseline reading it was given after
 * (or, with none, the session's opening), a device not before its dose (the first device) and a
 * dose not after its next device, a further dose not before the first dose and the first not after
 * a further one, and the first dose not before the pre-dose checklist was complete on the server's
 * clock (`earliestDoseTime`). So a correction cannot start the observation clock or the REMS floor
 * earlier than the record allows.
 */
function checkDoseOrder(state: SessionState, targetSeq: number, administeredAt: number, preDoseChecklist: PreDoseChecklistConfig): Result {
  const target = state.doses.find((entry) => entry.seq === targetSeq);
  if (target === undefined) return { ok: true };
  const refuse = (message: string) => fail('invalid_input', message, [{ path: ['change', 'administeredAt'], message }]);
  const doses = state.doses.filter((entry) => entry.deviceOfDoseId === undefined);
  if (target.deviceOfDoseId !== undefined) {
    const dose = doses.find((entry) => entry.doseId === target.deviceOfDoseId);
    if (dose !== undefined && administeredAt < dose.administeredAt)
      return refuse("A device cannot be earlier than its dose's first device: correct the dose's time instead.");
    return { ok: true };
  }
  const devices = state.doses.filter((entry) => entry.deviceOfDoseId === target.doseId);
  if (devices.some((device) => administeredAt > device.administeredAt))
    return refuse('A dose cannot be later than its next device: correct the device times first.');
  const first = doses.reduce<Dose | undefined>(
    (earliest, entry) =>
      earliest === undefined ||
      entry.administeredAt < earliest.administeredAt ||
      (entry.administeredAt === earliest.administeredAt && entry.seq < earliest.seq)
        ? entry
        : earliest,
    undefined,
  );
  const others = doses.filter((entry) => entry !== target);
  if (first === target) {
    const baseline = selectBaseline(state);
    if (baseline !== null && administeredAt < baseline.observedAt)
      return refuse('The corrected dose time is before the baseline reading it was given after — please check it.');
    if (baseline === null && administeredAt < state.openedAt)
      return refuse('The corrected dose time is before the session was opened — please check it.');
    const earliest = earliestDoseTime(state, preDoseChecklist, target.seq);
    if (earliest !== null && administeredAt < earliest)
      return refuse('The corrected dose time is before the pre-dose checklist was complete — the dose cannot have been given before it.');
    if (others.some((entry) => administeredAt > entry.administeredAt))
      return refuse('The first dose cannot be moved after a further dose: correct the further dose instead.');
  } else if (first !== undefined && administeredAt < first.administeredAt) {
    return refuse('A further dose cannot be earlier than the first dose.');
  }
  return { ok: true };
}
