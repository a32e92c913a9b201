import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceCreateRequest, DeviceStatus, DeviceUpdateRequest, UnassignedReading } from '../../../shared/realtime/devicesContract';
import type { Result } from '../../../shared/result';
import type { RoomsResponse } from '../../../shared/http/api';
import { requestJson } from '../api/http';

/**
 * The device registry over HTTP (paths in shared/realtime/devicesContract.ts). Every call
 * answers a Result, so the page shows failures next to the control that caused them.
 */
export interface RegistrySnapshot {
  devices: DeviceStatus[];
  unassigned: UnassignedReading[];
  rooms: RoomSummary[];
}

export interface DevicesApi {
  load(): Promise<Result<RegistrySnapshot>>;
  create(request: DeviceCreateRequest): Promise<Result<{ device: DeviceStatus }>>;
  update(deviceId: string, changes: DeviceUpdateRequest): Promise<Result<{ device: DeviceStatus }>>;
  createKey(deviceId: string): Promise<Result<{ device: DeviceStatus; key: string }>>;
  assign(readingId: string, sessionId: string): Promise<Result<object>>;
}

const deviceUrl = (deviceId: string) => `/api/devices/${encodeURIComponent(deviceId)}`;

export const httpDevicesApi: DevicesApi = {
  async load() {
    const [devices, unassigned, rooms] = await Promise.all([
      requestJson<{ devices: DeviceStatus[] }>('GET', '/api/devices'),
      requestJson<{ readings: UnassignedReading[] }>('GET', '/api/unassigned-readings'),
      requestJson<RoomsResponse>('GET', '/api/rooms'),
    ]);
    if (!devices.ok) return devices;
    if (!unassigned.ok) return unassigned;
    if (!rooms.ok) return rooms;
    return { ok: true, devices: devices.devices, unassigned: unassigned.readings, rooms: rooms.rooms };
  },
  create: (request) => requestJson('POST', '/api/devices', request),
  update: (deviceId, changes) => requestJson('PATCH', deviceUrl(deviceId), changes),
  createKey: (deviceId) => requestJson('POST', `${deviceUrl(deviceId)}/key`, {}),
  assign: (readingId, sessionId) => requestJson('POST', `/api/unassigned-readings/${encodeURIComponent(readingId)}/assign`, { sessionId }),
};
