import type { Role } from '../../shared/roles';

/**
 * What each role may do: the one policy table. Every socket event and HTTP route names an
 * action here; tests walk the table event by role.
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

export const FORBIDDEN_MESSAGES: Record<PolicyAction, string> = {
  'clinic.view': 'Your role cannot view the clinic',
  'session.view': 'Your role cannot view sessions',
  'session.open': 'Only nurses, prescribers and admins can open a session',
  'vitals.record': 'Only nurses and prescribers can record vital signs',
  'checklist.tick': 'Only nurses, prescribers and therapists can tick checklist items',
  'predose.acknowledgeAdvisory': 'Only a prescriber can acknowledge a high pre-dose blood pressure',
  'dose.record': 'Only nurses and prescribers can record a dose',
  'observation.record': 'Only nurses, prescribers and therapists can record observations',
  'session.discharge': 'Only nurses and prescribers can discharge a patient',
  'session.endEarly': 'Only nurses and prescribers can end a session early',
  'amendment.record': 'Only nurses, prescribers and therapists can correct an entry',
  'alarm.acknowledge': 'Only nurses and prescribers can acknowledge alarms',
  'reading.markArtifact': 'Only nurses and prescribers can mark a reading as artifact',
  'reading.confirm': 'Only nurses and prescribers can confirm a device reading',
  'alarm.pauseAudio': 'Only nurses, prescribers and therapists can pause alarm sound',
  'protocol.manage': 'Only admins and prescribers can edit protocols',
  'device.manage': 'Only admins can manage devices',
};
