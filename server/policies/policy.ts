import type { PolicyAction } from '../../shared/policy';

export { POLICY, may, type PolicyAction } from '../../shared/policy';

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
