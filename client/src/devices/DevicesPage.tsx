import { may } from '../../../shared/policy';
import { useCallback, useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { useServerNow } from '../app/useStore';
import { clockTimeWithSeconds } from '../format/time';
import { AddDeviceForm } from './AddDeviceForm';
import { DeviceCard } from './DeviceCard';
import { httpDevicesApi, type DevicesApi, type RegistrySnapshot } from './devicesApi';
import { UnassignedReadings } from './UnassignedReadings';

/** The registry is re-read this often: device state and the unassigned list change without anyone on this page acting. */
export const DEVICES_REFRESH_MS = 5_000;

export interface DevicesPageProps {
  user: CurrentUser;
  /** For tests; defaults to the server's HTTP API. */
  api?: DevicesApi;
  refreshMs?: number;
}

/**
 * The device registry: every monitor and gateway with its state, its room, its name and its
 * gateway key, and the device readings waiting for a session. Admins change it; every other
 * role sees it read-only. Refreshed by polling the HTTP API every few seconds (the registry is
 * not part of the clinic stream), and at once after every change made here.
 */
export function DevicesPage({ user, api = httpDevicesApi, refreshMs = DEVICES_REFRESH_MS }: DevicesPageProps) {
  const [snapshot, setSnapshot] = useState<RegistrySnapshot | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const now = useServerNow();
  const canManage = may(user.role, 'device.manage');

  const refresh = useCallback(async () => {
    const result = await api.load();
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    setSnapshot({ devices: result.devices, unassigned: result.unassigned, rooms: result.rooms });
    setLoadedAt(Date.now());
  }, [api]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  return (
    <main className="page devices-page">
      <h1>Devices</h1>
      <p className="muted">
        {canManage ? 'Monitors and gateways, the room each one is in, and readings waiting for a session.' : 'Read-only: only an admin can change devices.'}{' '}
        {loadedAt !== null && <span>Updated {clockTimeWithSeconds(loadedAt)}, every {refreshMs / 1000} s.</span>}
      </p>
      {loadError && (
        <p role="alert" className="field-error">
          ⚠ {loadError}
        </p>
      )}
      {snapshot === null ? (
        !loadError && <p className="muted">Loading devices…</p>
      ) : (
        <>
          <section aria-labelledby="device-list-title">
            <h2 id="device-list-title">Registered devices ({snapshot.devices.length})</h2>
            {snapshot.devices.length === 0 ? (
              <p className="muted">No devices yet. A monitor appears here when it first sends, or add one below.</p>
            ) : (
              <ul className="device-list" aria-label="Devices">
                {snapshot.devices.map((device) => (
                  <DeviceCard key={device.deviceId} device={device} rooms={snapshot.rooms} now={now} canManage={canManage} api={api} onChanged={refresh} />
                ))}
              </ul>
            )}
          </section>
          <UnassignedReadings readings={snapshot.unassigned} rooms={snapshot.rooms} canManage={canManage} api={api} onChanged={refresh} />
          {/* Rarely needed (monitors register themselves when they first send): last on the page. */}
          {canManage && <AddDeviceForm rooms={snapshot.rooms} api={api} onChanged={refresh} />}
        </>
      )}
    </main>
  );
}
