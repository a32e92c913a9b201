import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceSecurityEvent, DeviceSummary } from '../../../shared/devices/binding';
import type {
  DeviceApproveRequest,
  DeviceCreateRequest,
  DeviceStatus,
  DeviceUpdateRequest,
  UnassignedReading,
} from '../../../shared/realtime/devicesContract';
import type { Result } from '../../../shared/result';
import type { RoomsResponse } from '../../../shared/http/api';
import { requestJson } from '../api/http';

/**
 * The device registry over HTTP (paths in shared/realtime/devicesContract.ts). Every call
 * answers a Result, so the page shows failures next to the control that caused them. Admins
 * get the whole registry and its security events; other roles get each device's name and room.
 */
export interface RegistrySnapshot {
  /** Admins only (empty for other roles). */
  devices: DeviceStatus[];
  /** What other roles see: name, room and state. */
  summaries: DeviceSummary[];
  unassigned: UnassignedReading[];
  rooms: RoomSummary[];
  /** Refused messages and connections, newest first (admins only). */
  securityEvents: DeviceSecurityEvent[];
}

export interface DevicesApi {
  load(asAdmin: boolean): Promise<Result<RegistrySnapshot>>;
  create(request: DeviceCreateRequest): Promise<Result<{ device: DeviceStatus }>>;
  update(deviceId: string, changes: DeviceUpdateRequest): Promise<Result<{ device: DeviceStatus }>>;
  createKey(deviceId: string): Promise<Result<{ device: DeviceStatus; key: string }>>;
  assign(readingId: string, sessionId: string): Promise<Result<object>>;
  approve(deviceId: string, request: DeviceApproveRequest): Promise<Result<{ device: DeviceStatus; assigned: number }>>;
  reject(deviceId: string): Promise<Result<{ device: DeviceStatus }>>;
}

const deviceUrl = (deviceId: string) => `/api/devices/${encodeURIComponent(deviceId)}`;

export const httpDevicesApi: DevicesApi = {
  async load(asAdmin) {
    const [devices, unassigned, rooms, events] = await Promise.all([
      requestJson<{ devices: DeviceStatus[] | DeviceSummary[] }>('GET', '/api/devices'),
      requestJson<{ readings: UnassignedReading[] }>('GET', '/api/unassigned-readings'),
      requestJson<RoomsResponse>('GET', '/api/rooms'),
      asAdmin
        ? requestJson<{ events: DeviceSecurityEvent[] }>('GET', '/api/devices/security-events')
        : Promise.resolve({ ok: true as const, events: [] }),
    ]);
    if (!devices.ok) return devices;
    if (!unassigned.ok) return unassigned;
    if (!rooms.ok) return rooms;
    if (!events.ok) return events;
    const full = asAdmin ? (devices.devices as DeviceStatus[]) : [];
    const summaries = asAdmin ? [] : (devices.devices as DeviceSummary[]);
    return { ok: true, devices: full, summaries, unassigned: unassigned.readings, rooms: rooms.rooms, securityEvents: events.events };
  },
  create: (request) => requestJson('POST', '/api/devices', request),
  update: (deviceId, changes) => requestJson('PATCH', deviceUrl(deviceId), changes),
  createKey: (deviceId) => requestJson('POST', `${deviceUrl(deviceId)}/key`, {}),
  assign: (readingId, sessionId) => requestJson('POST', `/api/unassigned-readings/${encodeURIComponent(readingId)}/assign`, { sessionId }),
  approve: (deviceId, request) => requestJson('POST', `${deviceUrl(deviceId)}/approve`, request),
  reject: (deviceId) => requestJson('POST', `${deviceUrl(deviceId)}/reject`, {}),
};
