import type { Role } from '../../../shared/roles';

/**
 * Which roles see which lifecycle controls. The server's policy table (server/policies) is the
 * authority and refuses anything else; this only hides controls a role could never use.
 */
export const LIFECYCLE_ROLES = {
  openSession: ['nurse', 'prescriber', 'admin'],
  tick: ['nurse', 'prescriber', 'therapist'],
  dose: ['nurse', 'prescriber'],
  observe: ['nurse', 'prescriber', 'therapist'],
  discharge: ['nurse', 'prescriber'],
  endEarly: ['nurse', 'prescriber'],
} as const satisfies Record<string, readonly Role[]>;

export type LifecycleAction = keyof typeof LIFECYCLE_ROLES;

export function may(role: Role, action: LifecycleAction): boolean {
  return (LIFECYCLE_ROLES[action] as readonly Role[]).includes(role);
}
