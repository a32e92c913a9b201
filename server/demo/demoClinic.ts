import type { Role } from '../../shared/roles';
import { COURSE_PROFILES, type CourseProfile } from '../../shared/simulation/course';
import { seedFromText } from '../../shared/simulation/random';

/**
 * The demo clinic: made only in demo mode (VIGIL_DEMO=true, the default) on an empty store.
 * Passwords are public (they are printed in the README): never use demo mode with real patients.
 */
export const DEMO_ROOMS = [
  { roomId: 'room-1', name: 'Room 1 — Cedar' },
  { roomId: 'room-2', name: 'Room 2 — Willow' },
  { roomId: 'room-3', name: 'Room 3 — Juniper' },
  { roomId: 'room-4', name: 'Room 4 — Aspen' },
  { roomId: 'room-5', name: 'Room 5 — Maple' },
  { roomId: 'room-6', name: 'Room 6 — Birch' },
] as const;

export const DEMO_USERS: { userId: string; username: string; displayName: string; role: Role; password: string }[] = [
  { userId: 'demo-nurse', username: 'nurse', displayName: 'Nora Nurse (demo)', role: 'nurse', password: 'nurse-demo-2026' },
  {
    userId: 'demo-prescriber',
    username: 'prescriber',
    displayName: 'Dr Pat Prescriber (demo)',
    role: 'prescriber',
    password: 'prescriber-demo-2026',
  },
  {
    userId: 'demo-therapist',
    username: 'therapist',
    displayName: 'Theo Therapist (demo)',
    role: 'therapist',
    password: 'therapist-demo-2026',
  },
  { userId: 'demo-admin', username: 'admin', displayName: 'Ada Admin (demo)', role: 'admin', password: 'admin-demo-2026' },
];

/** Running demo sessions: who, where, how long ago the dose was (server minutes), which simulated course. */
export const DEMO_SESSIONS = [
  { sessionId: 'demo-session-1', roomId: 'room-1', patientAlias: 'A.K.', minutesSinceDose: 25, profile: 0 },
  { sessionId: 'demo-session-2', roomId: 'room-2', patientAlias: 'M.R.', minutesSinceDose: 70, profile: 1 },
  { sessionId: 'demo-session-3', roomId: 'room-4', patientAlias: 'J.T.', minutesSinceDose: 5, profile: 2 },
] as const;

/**
 * An eventful course for the demo day: a real rise of about +48/+28 at 40 minutes
 * (CLINICAL.md "Esketamine": 8-19% of patients rise >= 40 systolic and/or >= 25 diastolic),
 * under the absolute limits. It raises one rise alarm that a clinician should answer.
 */
export const DEMO_RISE_PROFILE: CourseProfile = {
  name: 'real rise',
  baseline: { systolicMmHg: 122, diastolicMmHg: 76, heartRateBpm: 74, spo2Percent: 97, respiratoryRatePerMin: 15, temperatureC: 36.8 },
  peakRise: { systolicMmHg: 48, diastolicMmHg: 28, heartRateBpm: 12 },
  peakMinutes: 40,
};

/**
 * The course of a demo session: the seeded sessions keep theirs; every later one is picked
 * from its id, mostly an ordinary course (mild or typical), now and then a marked one or a
 * real rise, as a clinic day would have.
 */
export function demoProfile(sessionId: string): CourseProfile {
  const seeded = DEMO_SESSIONS.find((session) => session.sessionId === sessionId);
  if (seeded) return COURSE_PROFILES[seeded.profile]!;
  const pick = seedFromText(sessionId) % 10;
  if (pick < 4) return COURSE_PROFILES[0]!;
  if (pick < 8) return COURSE_PROFILES[1]!;
  return pick === 8 ? COURSE_PROFILES[2]! : DEMO_RISE_PROFILE;
}
