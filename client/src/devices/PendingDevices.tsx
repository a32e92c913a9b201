import { useState } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { Failure, Result } from '../../../shared/result';
import { clockTime } from '../format/time';
import type { DevicesApi } from './devicesApi';
import { RoomOptions } from './RoomOptions';
import { addressList } from './deviceText';
import { fieldMessages } from '../components/fieldMessages';
import { LabelledInput } from '../components/LabelledInput';

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

  const errors = fieldMessages(failure, ['name', 'addresses']);
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
          <LabelledInput
            id={`approve-name-${safeId}`}
            label="Name"
            value={name}
            maxLength={80}
            error={errors.name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`approve-room-${safeId}`}>Room</label>
          <select id={`approve-room-${safeId}`} value={roomId} onChange={(e) => setRoomId(e.target.value)}>
            <RoomOptions rooms={rooms} />
          </select>
        </div>
        <div>
          <LabelledInput
            id={`approve-addresses-${safeId}`}
            label="Sends from"
            value={addresses}
            error={errors.addresses}
            onChange={(e) => setAddresses(e.target.value)}
          />
        </div>
      </div>
      {errors.other && <p className="field-error">⚠ {errors.other}</p>}
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
