import { POLICY } from '../policy';
import { fail, type Result } from '../result';
import { ROLE_LABELS, type Role } from '../roles';
import type { SessionState } from '../session/state';
import type { LifecycleRules } from './phases';

/**
 * Who may amend an entry: the roles that may make the original entry. A dose (its time, lot or
 * a note) by those who may record a dose; a reading by those who may record vitals; an
 * observation by its author's role; a questionnaire by those who may record one (a patient's
 * own answers from the tablet, too); a checklist tick by the item's roles; anything else
 * (system, alarm and discharge entries) by the clinical staff who run the session.
 */
export interface AmendableEntry {
  what: string;
  roles: readonly Role[];
}

const CLINICAL_STAFF: readonly Role[] = POLICY['session.discharge'].roles;

function tickRoles(state: SessionState, seq: number, rules: LifecycleRules): readonly Role[] | null {
  for (const [kind, ticks] of Object.entries(state.checklists)) {
    const tick = Object.values(ticks).find((t) => t.seq === seq);
    if (tick === undefined) continue;
    const items = kind === 'pre_dose' ? rules.preDoseChecklist : rules.dischargeConfig.practicalItems;
    return items.find((item) => item.id === tick.itemId)?.rolesAllowed ?? CLINICAL_STAFF;
  }
  return null;
}

/** The entry at `seq` as amendments see it. */
export function amendableEntry(state: SessionState, seq: number, rules: LifecycleRules): AmendableEntry {
  if (state.doses.some((dose) => dose.seq === seq)) return { what: 'a dose', roles: POLICY['dose.record'].roles };
  if (state.readings.some((reading) => reading.seq === seq)) return { what: 'a reading', roles: POLICY['vitals.record'].roles };
  const observation = state.observations.find((o) => o.seq === seq);
  if (observation !== undefined) {
    const author = observation.recordedBy;
    return { what: 'an observation', roles: author.kind === 'user' ? [author.role] : POLICY['observation.record'].roles };
  }
  if (state.questionnaires.some((questionnaire) => questionnaire.seq === seq))
    return { what: 'a questionnaire', roles: POLICY['questionnaire.record'].roles };
  const ticked = tickRoles(state, seq, rules);
  if (ticked !== null) return { what: 'a checklist tick', roles: ticked };
  return { what: 'this entry', roles: CLINICAL_STAFF };
}

function listRoles(roles: readonly Role[]): string {
  const names = roles.map((role) => ROLE_LABELS[role].toLowerCase());
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** May `role` amend the entry at `seq`? */
export function checkAmendmentRole(state: SessionState, seq: number, role: Role | null, rules: LifecycleRules): Result {
  const entry = amendableEntry(state, seq, rules);
  if (role !== null && entry.roles.includes(role)) return { ok: true };
  return fail('forbidden', `Only a ${listRoles(entry.roles)} can correct ${entry.what} (the roles that may make it).`);
}
