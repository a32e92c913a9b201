import { z } from 'zod';
import type { Handover } from '../questionnaires/handover';
import type { Role } from '../roles';
import type { RoomSummary } from '../clinic/rooms';
import type { SessionState } from '../session/state';

/**
 * The HTTP API (JSON). Every response body is a `Result`: `{ ok: true, ... }` or
 * `{ ok: false, error: { code, message, issues } }`. Authentication is the HttpOnly,
 * SameSite=Strict cookie `vigil_session` set by POST /api/auth/login.
 *
 *   POST /api/auth/login   body LoginRequest         -> { ok, user: CurrentUser }
 *   POST /api/auth/logout                            -> { ok }   (ends this browser's sockets)
 *   GET  /api/me                                     -> { ok, user: CurrentUser, handover? }
 *   POST /api/handover/end body LoginRequest          -> { ok, user: CurrentUser } (a staff member takes the tablet back)
 *   GET  /api/rooms                                  -> { ok, rooms: RoomSummary[] }
 *   GET  /api/sessions/:sessionId                    -> { ok, session: SessionState }
 *   GET  /api/sessions/:sessionId/protocol           -> { ok, protocol: Protocol } (the version it started with)
 *   GET  /api/mode  (no sign-in needed)              -> { ok, demo: boolean } (every page shows "Demo" when true)
 *   GET  /healthz                                    -> { ok, status: 'up' }
 *   GET  /readyz                                     -> { ok, store: 'ready' } or 503 with the reason
 *
 * Clinic administration (people, rooms, the audit trail, one's own password): shared/admin/api.ts.
 */
export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1, { error: 'Enter your username' }).max(64),
  password: z.string().min(1, { error: 'Enter your password' }).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface CurrentUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** An admin set this password: the person must choose their own before anything else. */
  mustChangePassword?: boolean;
}

export interface LoginResponse {
  user: CurrentUser;
  /** `GET /api/me` only: this browser's tablet is handed to the patient (shared/questionnaires/handover.ts). */
  handover?: Handover;
}
export interface ModeResponse {
  /** Demo mode: published passwords and simulated patients; every page says so. */
  demo: boolean;
}
export interface RoomsResponse {
  rooms: RoomSummary[];
}
export interface SessionResponse {
  session: SessionState;
}

export const SESSION_COOKIE = 'vigil_session';
