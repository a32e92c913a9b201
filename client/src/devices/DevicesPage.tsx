import { may } from '../../../shared/policy';
import { useCallback, useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { useServerNow } from '../app/useStore';
import { clockTimeWithSeconds } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import { AddDeviceForm } from './AddDeviceForm';
import { DeviceCard } from './DeviceCard';
import { DeviceSummaries } from './DeviceSummaries';
import { httpDevicesApi, type DevicesApi, type RegistrySnapshot } from './devicesApi';
import { PendingDevices } from './PendingDevices';
import { SecurityEvents } from './SecurityEvents';
import { UnassignedReadings } from './UnassignedReadings';
import { ErrorAlert } from '../components/ErrorAlert';

/** The registry is re-read this often: device state and the unassigned list change without anyone on this page acting. */
export const DEVICES_REFRESH_MS = 5_000;

export interface DevicesPageProps {
  user: CurrentUser;
  /** For tests; defaults to the server's HTTP API. */
  api?: DevicesApi;
  refreshMs?: number;
}

/**
 * The device registry. Admins see every monitor and gateway with its state, binding (where it
 * may send from), room, name and gateway key; the devices waiting for approval; the messages
 * refused at the listener with their source address; and the device readings waiting for a
 * session. Every other role sees each device's name, room and state, read-only. Refreshed by
 * polling the HTTP API every few seconds (the registry is not part of the clinic stream), and
 * at once after every change made here.
 */
export function DevicesPage({ user, api = httpDevicesApi, refreshMs = DEVICES_REFRESH_MS }: DevicesPageProps) {
  const [snapshot, setSnapshot] = useState<RegistrySnapshot | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const now = useServerNow();
  const canManage = may(user.role, 'device.manage');

  const refresh = useCallback(async () => {
    const result = await api.load(canManage);
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    const { ok: _ok, ...loaded } = result;
    setSnapshot(loaded);
    setLoadedAt(serverNow());
  }, [api, canManage]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  return (
    <main className="page devices-page">
      <h1>Devices</h1>
      <p className="muted">
        {canManage
          ? 'Monitors and gateways, where each may send from, the room each one is in, refused messages, and readings waiting for a session.'
          : 'Read-only: only an admin can change devices.'}{' '}
        {loadedAt !== null && (
          <span>
            Updated {clockTimeWithSeconds(loadedAt)}, every {refreshMs / 1000} s.
          </span>
        )}
      </p>
      <ErrorAlert message={loadError} warningSign />
      {snapshot === null ? (
        !loadError && <p className="muted">Loading devices…</p>
      ) : (
        <>
          {canManage && (
            <PendingDevices
              devices={snapshot.devices.filter((d) => d.approval === 'pending')}
              rooms={snapshot.rooms}
              api={api}
              onChanged={refresh}
            />
          )}
          {canManage && <SecurityEvents events={snapshot.securityEvents} />}
          <section aria-labelledby="device-list-title">
            {canManage ? (
              <RegisteredDevices snapshot={snapshot} now={now} api={api} onChanged={refresh} />
            ) : (
              <>
                <h2 id="device-list-title">Devices ({snapshot.summaries.length})</h2>
                <DeviceSummaries devices={snapshot.summaries} rooms={snapshot.rooms} now={now} />
              </>
            )}
          </section>
          <UnassignedReadings
            readings={snapshot.unassigned}
            rooms={snapshot.rooms}
            canAssign={may(user.role, 'reading.assign')}
            api={api}
            onChanged={refresh}
          />
          {/* Needed once per monitor (or approve it when it first sends): last on the page. */}
          {canManage && <AddDeviceForm rooms={snapshot.rooms} api={api} onChanged={refresh} />}
        </>
      )}
    </main>
  );
}

function RegisteredDevices({
  snapshot,
  now,
  api,
  onChanged,
}: {
  snapshot: RegistrySnapshot;
  now: number;
  api: DevicesApi;
  onChanged: () => Promise<void>;
}) {
  const registered = snapshot.devices.filter((device) => device.approval !== 'pending');
  return (
    <>
      <h2 id="device-list-title">Registered devices ({registered.length})</h2>
      {registered.length === 0 ? (
        <p className="muted">No devices yet. Add a monitor below with the address it sends from, or approve one when it first sends.</p>
      ) : (
        <ul className="device-list" aria-label="Devices">
          {registered.map((device) => (
            <DeviceCard key={device.deviceId} device={device} rooms={snapshot.rooms} now={now} api={api} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </>
  );
}
