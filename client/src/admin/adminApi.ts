import type {
  AuditQuery,
  AuditRow,
  AuditVerifyResult,
  OwnPasswordRequest,
  RoomAdminRow,
  RoomCreateRequest,
  RoomUpdateRequest,
  UserCreateRequest,
  UserSummary,
  UserUpdateRequest,
  WallDisplayCreated,
  WallDisplayCreateRequest,
  WallDisplaySummary,
} from '../../../shared/admin/api';
import type { CurrentUser } from '../../../shared/http/api';
import { requestJson } from '../api/http';

/** Clinic administration over HTTP (paths in shared/admin/api.ts); every call answers a Result. */
const userUrl = (userId: string) => `/api/users/${encodeURIComponent(userId)}`;

export const adminApi = {
  users: () => requestJson<{ users: UserSummary[] }>('GET', '/api/users'),
  createUser: (request: UserCreateRequest) => requestJson<{ user: UserSummary }>('POST', '/api/users', request),
  updateUser: (userId: string, changes: UserUpdateRequest) => requestJson<{ user: UserSummary }>('PATCH', userUrl(userId), changes),
  resetPassword: (userId: string, password: string) =>
    requestJson<{ user: UserSummary }>('POST', `${userUrl(userId)}/password`, { password }),
  revokeSignIn: (userId: string, signInId: string) => requestJson('DELETE', `${userUrl(userId)}/sign-ins/${signInId}`),
  wallDisplays: () => requestJson<{ wallDisplays: WallDisplaySummary[] }>('GET', '/api/wall-displays'),
  createWallDisplay: (request: WallDisplayCreateRequest) => requestJson<WallDisplayCreated>('POST', '/api/wall-displays', request),
  revokeWallDisplay: (userId: string) =>
    requestJson<{ wallDisplay: WallDisplaySummary }>('POST', `/api/wall-displays/${encodeURIComponent(userId)}/revoke`, {}),
  rooms: () => requestJson<{ rooms: RoomAdminRow[] }>('GET', '/api/admin/rooms'),
  createRoom: (request: RoomCreateRequest) => requestJson<{ room: RoomAdminRow }>('POST', '/api/rooms', request),
  updateRoom: (roomId: string, changes: RoomUpdateRequest) =>
    requestJson<{ room: RoomAdminRow }>('PATCH', `/api/rooms/${encodeURIComponent(roomId)}`, changes),
  audit: (query: AuditQuery) => requestJson<{ rows: AuditRow[]; nextBefore: number | null }>('GET', `/api/audit?${auditSearch(query)}`),
  verifyAudit: () => requestJson<{ verify: AuditVerifyResult }>('GET', '/api/audit/verify'),
  changeOwnPassword: (request: OwnPasswordRequest) => requestJson<{ user: CurrentUser }>('POST', '/api/account/password', request),
};

/** The query string of audit filters (also the CSV export's link). */
export function auditSearch(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}
