import { useState } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { Failure, Result } from '../../../shared/result';
import { clockTime } from '../format/time';
import type { DevicesApi } from './devicesApi';
import { RoomOptions } from './RoomOptions';
import { addressList, fieldError } from './deviceText';

interface PendingProps {
  devices: DeviceStatus[];
  rooms: RoomSummary[];
  api: DevicesApi;
  onChanged: () => Promise<void>;
}

/**
 * Devices that sent from an allowed address under an id nobody registered: shown by the id and
 * address they came from, never a name they chose. Their readings are kept but reach no patient
 * until an admin approves the device into a room (then they go to that room's open session).
 */
export function PendingDevices({ devices, rooms, api, onChanged }: PendingProps) {
  if (devices.length === 0) return null;
  return (
    <section aria-labelledby="pending-title" className="pending-devices">
      <h2 id="pending-title">Waiting for approval ({devices.length})</h2>
      <p className="muted">Their readings are kept and reach no patient's record until approved. Approve only a monitor you recognise.</p>
      <ul className="device-list" aria-label="Devices waiting for approval">
        {devices.map((device) => (
          <PendingDevice key={device.deviceId} device={device} rooms={rooms} api={api} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function PendingDevice({ device, rooms, api, onChanged }: Omit<PendingProps, 'devices'> & { device: DeviceStatus }) {
  const [name, setName] = useState('');
  const [roomId, setRoomId] = useState('');
  const [addresses, setAddresses] = useState(device.firstAddress ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const safeId = device.deviceId.replace(/[^A-Za-z0-9_-]/g, '_');

  async function act(run: () => Promise<Result<object>>) {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (!result.ok) return setFailure(result);
    setFailure(null);
    await onChanged();
  }

  const nameError = fieldError(failure, 'name');
  const addressError = fieldError(failure, 'addresses');
  const otherError = failure && !nameError && !addressError ? failure.error.message : null;
  return (
    <li className="device-card device-pending" data-testid="pending-device">
      <h3>
        <span className="badge badge-pending">⏳ Waiting for approval</span> <span className="device-id">{device.deviceId}</span>
      </h3>
      <dl className="device-facts">
        <dt>Sent from</dt>
        <dd>{device.firstAddress ?? 'unknown address'}</dd>
        <dt>First heard</dt>
        <dd>{clockTime(device.createdAt)}</dd>
      </dl>
      <div className="add-device-fields">
        <div>
          <label htmlFor={`approve-name-${safeId}`}>Name</label>
          <input
            id={`approve-name-${safeId}`}
            value={name}
            maxLength={80}
            aria-invalid={nameError ? true : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {nameError && <span className="field-error">⚠ {nameError}</span>}
        </div>
        <div>
          <label htmlFor={`approve-room-${safeId}`}>Room</label>
          <select id={`approve-room-${safeId}`} value={roomId} onChange={(e) => setRoomId(e.target.value)}>
            <RoomOptions rooms={rooms} />
          </select>
        </div>
        <div>
          <label htmlFor={`approve-addresses-${safeId}`}>Sends from</label>
          <input
            id={`approve-addresses-${safeId}`}
            value={addresses}
            aria-invalid={addressError ? true : undefined}
            onChange={(e) => setAddresses(e.target.value)}
          />
          {addressError && <span className="field-error">⚠ {addressError}</span>}
        </div>
      </div>
      {otherError && <p className="field-error">⚠ {otherError}</p>}
      <div className="device-actions">
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          onClick={() =>
            void act(() => api.approve(device.deviceId, { name, roomId: roomId === '' ? null : roomId, addresses: addressList(addresses) }))
          }
        >
          Approve
        </button>
        <button type="button" className="button-quiet" disabled={busy} onClick={() => void act(() => api.reject(device.deviceId))}>
          Reject
        </button>
      </div>
    </li>
  );
}
