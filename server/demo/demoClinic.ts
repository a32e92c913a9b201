import type { Role } from '../../shared/roles';

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
  { userId: 'demo-prescriber', username: 'prescriber', displayName: 'Dr Pat Prescriber (demo)', role: 'prescriber', password: 'prescriber-demo-2026' },
  { userId: 'demo-therapist', username: 'therapist', displayName: 'Theo Therapist (demo)', role: 'therapist', password: 'therapist-demo-2026' },
  { userId: 'demo-admin', username: 'admin', displayName: 'Ada Admin (demo)', role: 'admin', password: 'admin-demo-2026' },
];

/** Running demo sessions: who, where, how long ago the dose was (server minutes), which simulated course. */
export const DEMO_SESSIONS = [
  { sessionId: 'demo-session-1', roomId: 'room-1', patientAlias: 'A.K.', minutesSinceDose: 25, profile: 0 },
  { sessionId: 'demo-session-2', roomId: 'room-2', patientAlias: 'M.R.', minutesSinceDose: 70, profile: 1 },
  { sessionId: 'demo-session-3', roomId: 'room-4', patientAlias: 'J.T.', minutesSinceDose: 5, profile: 2 },
] as const;
