import type { Role } from './roles';

/**
 * What each role may do: the one policy table. Every socket event and HTTP route on the
 * server names an action here (and is refused otherwise); screens use the same table to show
 * only the controls a role can use. Tests walk the table event by role.
 */
export const POLICY = {
  'clinic.view': ['nurse', 'prescriber', 'therapist', 'admin'],
  'session.view': ['nurse', 'prescriber', 'therapist', 'admin'],
  'session.open': ['nurse', 'prescriber', 'admin'],
  'vitals.record': ['nurse', 'prescriber'],
  'checklist.tick': ['nurse', 'prescriber', 'therapist'],
  'predose.acknowledgeAdvisory': ['prescriber'],
  'dose.record': ['nurse', 'prescriber'],
  'observation.record': ['nurse', 'prescriber', 'therapist'],
  'session.discharge': ['nurse', 'prescriber'],
  'session.endEarly': ['nurse', 'prescriber'],
  'amendment.record': ['nurse', 'prescriber', 'therapist'],
  'alarm.acknowledge': ['nurse', 'prescriber'],
  'reading.markArtifact': ['nurse', 'prescriber'],
  'reading.confirm': ['nurse', 'prescriber'],
  // Anyone at the screen may silence it for a moment; owning the alarm is still a nurse's or prescriber's.
  'alarm.pauseAudio': ['nurse', 'prescriber', 'therapist'],
  'protocol.manage': ['admin', 'prescriber'],
  'device.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PolicyAction = keyof typeof POLICY;

export function may(role: Role, action: PolicyAction): boolean {
  return (POLICY[action] as readonly Role[]).includes(role);
}
