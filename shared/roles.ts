import { z } from 'zod';

/** The roles a person can hold (the people page offers these). */
export const PERSON_ROLES = ['nurse', 'prescriber', 'therapist', 'admin'] as const;
export const personRoleSchema = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof personRoleSchema>;

/**
 * Every role a sign-in can carry: a person's, or `wall`, the read-only wall display an admin
 * creates (a screen, not a person: it signs in with a key, never a password, and may only
 * view the board — shared/policy.ts).
 */
export const ROLES = [...PERSON_ROLES, 'wall'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** A wall display's sign-in (a screen, not a person): it shows the wall board and nothing else. */
export const isWallDisplay = (role: Role): boolean => role === 'wall';

export const ROLE_LABELS: Record<Role, string> = {
  nurse: 'Nurse',
  prescriber: 'Prescriber',
  therapist: 'Therapist',
  admin: 'Clinic admin',
  wall: 'Wall display',
};
