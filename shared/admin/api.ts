import { z } from 'zod';
import { idSchema } from '../ids';
import { requiredText } from '../text';
import { personRoleSchema, type PersonRole } from '../roles';
import { PASSWORD_POLICY } from './passwordPolicy';

/**
 * Clinic administration over HTTP (JSON, `Result` bodies like the rest of the API):
 *
 *   GET    /api/users                                   user.manage -> { ok, users: UserSummary[] }
 *   POST   /api/users          UserCreateRequest        user.manage -> 201 { ok, user }
 *   PATCH  /api/users/:userId  UserUpdateRequest        user.manage -> { ok, user }  (role, name, disabled)
 *   POST   /api/users/:userId/password  PasswordResetRequest  user.manage -> { ok, user } (must change at next sign-in)
 *   DELETE /api/users/:userId/sign-ins/:signInId         user.manage -> { ok }
 *   POST   /api/account/password  OwnPasswordRequest    any signed-in person -> { ok, user }
 *   GET    /api/admin/rooms                             room.manage -> { ok, rooms: RoomAdminRow[] }
 *   POST   /api/rooms          RoomCreateRequest        room.manage -> 201 { ok, room }
 *   PATCH  /api/rooms/:roomId  RoomUpdateRequest        room.manage -> { ok, room }  (rename, retire, bring back)
 *   GET    /api/audit?AuditQuery                        audit.view  -> { ok, rows: AuditRow[], nextBefore }
 *   GET    /api/audit.csv?AuditQuery                    audit.view  -> text/csv
 *   GET    /api/audit/verify                            audit.view  -> { ok, verify: AuditVerifyResult }
 *   GET    /api/wall-displays                           user.manage -> { ok, wallDisplays: WallDisplaySummary[] }
 *   POST   /api/wall-displays  WallDisplayCreateRequest user.manage -> 201 { ok, wallDisplay, key } (the key is shown once)
 *   POST   /api/wall-displays/:userId/revoke            user.manage -> { ok, wallDisplay } (its open screen closes now)
 *   POST   /api/auth/wall      WallSignInRequest        public      -> { ok, user } and the sign-in cookie
 */
export const usernameSchema = z
  .string({ error: 'Enter a username' })
  .trim()
  .regex(/^[A-Za-z0-9._-]{2,64}$/, { error: 'A username is 2 to 64 letters, digits, ".", "_" or "-"' });

const displayNameSchema = requiredText('Enter the person’s name', 120, 'A name is at most 120 characters');

/** Shape only; the policy itself (common passwords, the username) is checked by `passwordProblem`. */
const newPasswordSchema = z
  .string({ error: 'Enter a password' })
  .max(PASSWORD_POLICY.maxLength, { error: `Use at most ${PASSWORD_POLICY.maxLength} characters` });

export const userCreateRequestSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: personRoleSchema,
  password: newPasswordSchema,
});
export type UserCreateRequest = z.infer<typeof userCreateRequestSchema>;

export const userUpdateRequestSchema = z
  .strictObject({ displayName: displayNameSchema.optional(), role: personRoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((value) => Object.values(value).some((v) => v !== undefined), { error: 'Nothing to change' });
export type UserUpdateRequest = z.infer<typeof userUpdateRequestSchema>;

export const passwordResetRequestSchema = z.strictObject({ password: newPasswordSchema });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

export const ownPasswordRequestSchema = z.strictObject({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, { error: 'Enter your current password' }).max(256),
  newPassword: newPasswordSchema,
});
export type OwnPasswordRequest = z.infer<typeof ownPasswordRequestSchema>;

export const signInIdSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'Not a sign-in id' });

const roomNameSchema = requiredText('Give the room a name', 80, 'A room name is at most 80 characters');

export const roomCreateRequestSchema = z.strictObject({ name: roomNameSchema, roomId: idSchema.optional() });
export type RoomCreateRequest = z.infer<typeof roomCreateRequestSchema>;

export const roomUpdateRequestSchema = z
  .strictObject({ name: roomNameSchema.optional(), retired: z.boolean().optional() })
  .refine((value) => value.name !== undefined || value.retired !== undefined, { error: 'Nothing to change' });
export type RoomUpdateRequest = z.infer<typeof roomUpdateRequestSchema>;

const queryTime = z.coerce.number({ error: 'A time is milliseconds since 1970' }).int().min(0).max(4_102_444_800_000);
const queryText = z.string().trim().min(1).max(120);

/** Audit filters, from a query string: every field optional; `before` pages back from an audit id. */
export const auditQuerySchema = z.strictObject({
  userId: queryText.optional(),
  sessionId: queryText.optional(),
  roomId: queryText.optional(),
  action: queryText.optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface SignInSummary {
  /** The stored hash of the sign-in's token (not the token): names it for revoking. */
  signInId: string;
  createdAt: number;
  expiresAt: number;
  remoteAddress: string | null;
}

export interface UserSummary {
  userId: string;
  username: string;
  displayName: string;
  role: PersonRole;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: number;
  signIns: SignInSummary[];
}

export interface RoomAdminRow {
  roomId: string;
  name: string;
  sortOrder: number;
  retiredAt: number | null;
  /** A session is running in the room (it cannot be retired until it is closed). */
  running: boolean;
}

export interface AuditRow {
  auditId: number;
  at: number;
  userId: string | null;
  /** The person's username at the time of reading (null for the system and devices). */
  username: string | null;
  action: string;
  sessionId: string | null;
  roomId: string | null;
  /** The person the row concerns when not the actor (an admin disabling a nurse: the nurse). */
  subjectUserId: string | null;
  remoteAddress: string | null;
  detail: Record<string, unknown>;
}

/** The result of walking the audit hash chain: where it first breaks, if it does. */
export interface AuditVerifyResult {
  rowsChecked: number;
  intact: boolean;
  firstBreak: { auditId: number; reason: string } | null;
}

export const wallDisplayCreateRequestSchema = z.strictObject({
  displayName: z
    .string({ error: 'Name the wall display (where it hangs)' })
    .trim()
    .min(1, { error: 'Name the wall display (where it hangs)' })
    .max(120, { error: 'A name is at most 120 characters' }),
});
export type WallDisplayCreateRequest = z.infer<typeof wallDisplayCreateRequestSchema>;

/** A wall display's key as typed into the address (`/wall#key=…`): 43 base64url characters. */
export const wallSignInRequestSchema = z.strictObject({
  key: z.string({ error: 'No wall display key' }).regex(/^[A-Za-z0-9_-]{43}$/, { error: 'That is not a wall display key' }),
});
export type WallSignInRequest = z.infer<typeof wallSignInRequestSchema>;

/** A read-only wall display (a screen, not a person): it views the board and acknowledges nothing. */
export interface WallDisplaySummary {
  userId: string;
  displayName: string;
  createdAt: number;
  /** When its key stops working (real time), or null once revoked. */
  keyExpiresAt: number | null;
  revoked: boolean;
}

export interface WallDisplayCreated {
  wallDisplay: WallDisplaySummary;
  /** The key, shown to the admin once: only its hash is stored. */
  key: string;
}
