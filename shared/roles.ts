import { z } from 'zod';

export const ROLES = ['nurse', 'prescriber', 'therapist', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  nurse: 'Nurse',
  prescriber: 'Prescriber',
  therapist: 'Therapist',
  admin: 'Clinic admin',
};
