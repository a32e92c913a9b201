import { ROLES, type Role } from './roles';

interface PolicyRule {
  readonly roles: readonly Role[];
  /** What the action does, as it reads after "Only nurses can …" in a refusal. */
  readonly doing: string;
}

/**
 * What each role may do: the one policy table. Every socket command and HTTP route on the
 * server names an action here (and is refused otherwise, with a message derived from this
 * row); screens use the same table to show only the controls a role can use. Tests walk the
 * table event by role.
 */
export const POLICY = {
  'clinic.view': { roles: ['nurse', 'prescriber', 'therapist', 'admin'], doing: 'view the clinic' },
  // The board's stream of room summaries and the server's time: all a wall display may do.
  'board.view': { roles: ['nurse', 'prescriber', 'therapist', 'admin', 'wall'], doing: 'view the board' },
  // "Minimum necessary": admins run the clinic (people, rooms, devices, the audit trail) but do
  // not open or read a patient's session; a person who also does clinical work holds that role.
  'session.view': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'view sessions' },
  'session.open': { roles: ['nurse', 'prescriber'], doing: 'open a session' },
  // A patient's record across the series (alias, year of birth, their sessions and scores) is
  // clinical: the clinicians who see the patient read it and keep it (a therapist registers a
  // patient for preparation before the first dose). Admins do not (minimum necessary, as for sessions).
  'patient.view': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'view patients' },
  'patient.manage': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'register or edit patients' },
  'vitals.record': { roles: ['nurse', 'prescriber'], doing: 'record vital signs' },
  'checklist.tick': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'tick checklist items' },
  'predose.acknowledgeAdvisory': { roles: ['prescriber'], doing: 'acknowledge a high pre-dose blood pressure' },
  'dose.record': { roles: ['nurse', 'prescriber'], doing: 'record a dose' },
  'observation.record': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'record observations' },
  // PHQ-9 and GAD-7 before the dose: usually the therapist's (preparation), but whichever clinician
  // sits with the patient may ask them or hand the tablet over; the patient's own answers are
  // recorded under that clinician's sign-in (completedBy: 'patient').
  'questionnaire.record': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'record questionnaires' },
  'session.discharge': { roles: ['nurse', 'prescriber'], doing: 'discharge a patient' },
  // Discharging with discharge items still failing is a prescriber's clinical judgement, with a reason.
  'session.dischargeOverride': { roles: ['prescriber'], doing: 'discharge with items failing, and must give a reason' },
  'session.endEarly': { roles: ['nurse', 'prescriber'], doing: 'end a session early' },
  'amendment.record': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'correct an entry' },
  'alarm.acknowledge': { roles: ['nurse', 'prescriber'], doing: 'acknowledge alarms' },
  // PHQ-9 item 9 (thoughts of self-harm) is the therapist's to take up as much as anyone's: they
  // receive it at the bedside, and speaking with the patient is the response (CLINICAL.md
  // "Questionnaires for progress over a series"). Only that kind: a vital-sign alarm stays the
  // nurse's or prescriber's. The command decides per alarm (`mayAcknowledgeAlarm`).
  'alarm.acknowledgeSelfHarm': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'acknowledge a self-harm alarm' },
  'reading.markArtifact': { roles: ['nurse', 'prescriber'], doing: 'mark a reading as artifact' },
  'reading.confirm': { roles: ['nurse', 'prescriber'], doing: 'confirm a device reading' },
  // Putting a device's reading into a patient's record is a clinical act, not device administration.
  'reading.assign': { roles: ['nurse', 'prescriber'], doing: 'put a device reading into a session' },
  // Anyone at the screen may silence it for a moment; owning the alarm is still a nurse's or prescriber's.
  'alarm.pauseAudio': { roles: ['nurse', 'prescriber', 'therapist'], doing: 'pause alarm sound' },
  // Escalated alarms are the supervising prescriber's to see wherever they are.
  'alarm.receiveEscalations': { roles: ['prescriber'], doing: 'receive escalated alarms' },
  // Clinical protocols (limits, observation times, who may tick what) are a prescriber's decision.
  'protocol.manage': { roles: ['prescriber'], doing: 'edit protocols' },
  'device.manage': { roles: ['admin'], doing: 'manage devices' },
  // Technical alarms about the server itself (its clock stepped): people who can act or call IT.
  'server.technicalAlarms': { roles: ['admin', 'prescriber'], doing: 'see technical alarms about the server' },
  'user.manage': { roles: ['admin'], doing: 'manage people and their sign-ins' },
  'room.manage': { roles: ['admin'], doing: 'manage rooms' },
  'audit.view': { roles: ['admin'], doing: 'read the audit trail' },
  // The record leaves Vigil as a file (PDF, CSV, FHIR) only in the hands of the clinicians who keep the chart
  // (admins do not read patient records: minimum necessary).
  'record.export': { roles: ['nurse', 'prescriber'], doing: 'download or export a session record' },
  // The REMS form is the prescriber's attestation (CLINICAL.md "Esketamine": REMS Patient Monitoring Form).
  'rems.sign': { roles: ['prescriber'], doing: 'complete and sign the REMS monitoring form' },
  'rems.submit': { roles: ['prescriber'], doing: 'mark the REMS monitoring form submitted' },
} as const satisfies Record<string, PolicyRule>;

export type PolicyAction = keyof typeof POLICY;

export function may(role: Role, action: PolicyAction): boolean {
  return (POLICY[action].roles as readonly Role[]).includes(role);
}

const ROLE_NOUNS: Record<Role, { one: string; many: string }> = {
  nurse: { one: 'a nurse', many: 'nurses' },
  prescriber: { one: 'a prescriber', many: 'prescribers' },
  therapist: { one: 'a therapist', many: 'therapists' },
  admin: { one: 'an admin', many: 'admins' },
  wall: { one: 'a wall display', many: 'wall displays' },
};

function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The refusal a person sees when their role may not do `action`, in plain words. */
export function forbiddenMessage(action: PolicyAction): string {
  const { roles, doing } = POLICY[action];
  if (roles.length === ROLES.length) return `Your role cannot ${doing}`;
  const [only] = roles;
  if (roles.length === 1 && only) return `Only ${ROLE_NOUNS[only].one} can ${doing}`;
  return `Only ${listOf(roles.map((role) => ROLE_NOUNS[role].many))} can ${doing}`;
}
