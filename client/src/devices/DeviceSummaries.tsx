import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceSummary } from '../../../shared/devices/binding';
import { age } from '../format/time';
import { DEVICE_STATE_TEXT, roomName } from './deviceText';

/** The registry as roles other than admin see it: each device's name, room and state (ids, addresses and keys are for admins). */
export function DeviceSummaries({ devices, rooms, now }: { devices: DeviceSummary[]; rooms: RoomSummary[]; now: number }) {
  if (devices.length === 0) return <p className="muted">No devices yet.</p>;
  return (
    <ul className="device-list" aria-label="Devices">
      {devices.map((device, index) => {
        const state = DEVICE_STATE_TEXT[device.state];
        return (
          <li key={`${device.name}-${index}`} className={`device-card device-${device.state}`} data-testid="device">
            <h3>{device.name}</h3>
            <p className="device-state">
              <span className={`badge device-badge-${device.state}`}>
                <span aria-hidden="true">{state.symbol}</span> {state.label}
              </span>{' '}
              {device.lastMessageAt !== null && <span className="muted">({age(now - device.lastMessageAt)})</span>} ·{' '}
              {device.kind === 'hl7' ? 'HL7 monitor' : 'Gateway'}
            </p>
            <p>Room: {roomName(rooms, device.roomId)}</p>
          </li>
        );
      })}
    </ul>
  );
}
