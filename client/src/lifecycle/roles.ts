import { may as policyAllows, type PolicyAction } from '../../../shared/policy';
import type { Role } from '../../../shared/roles';

/** The lifecycle controls and the policy action each one needs (shared/policy.ts is the one table). */
const LIFECYCLE_ACTIONS = {
  openSession: 'session.open',
  tick: 'checklist.tick',
  dose: 'dose.record',
  observe: 'observation.record',
  discharge: 'session.discharge',
  endEarly: 'session.endEarly',
} as const satisfies Record<string, PolicyAction>;

export type LifecycleAction = keyof typeof LIFECYCLE_ACTIONS;

/** Whether a role sees a lifecycle control (the server refuses anything else anyway). */
export function may(role: Role, action: LifecycleAction): boolean {
  return policyAllows(role, LIFECYCLE_ACTIONS[action]);
}
