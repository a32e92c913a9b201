import { useRef, useState } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { Failure } from '../../../shared/result';
import { age, clockTime } from '../format/time';
import type { DevicesApi } from './devicesApi';
import { RoomOptions } from './RoomOptions';
import { BindingEditor } from './BindingEditor';
import { DEVICE_STATE_TEXT, roomName } from './deviceText';
import { GatewayKey } from './GatewayKey';
import { RenameDevice } from './RenameDevice';

export interface DeviceCardProps {
  device: DeviceStatus;
  rooms: RoomSummary[];
  now: number;
  api: DevicesApi;
  onChanged: () => Promise<void>;
}

/** One device, for an admin: its state in words, where it may send from, last message and error, dropped values, its room and its key. */
export function DeviceCard({ device, rooms, now, api, onChanged }: DeviceCardProps) {
  const rejected = device.approval === 'rejected';
  const state = DEVICE_STATE_TEXT[device.state];
  const titleId = `device-${device.deviceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <li className={`device-card device-${device.state}`} aria-labelledby={titleId} data-testid="device">
      <h3 id={titleId}>
        {device.name} <span className="muted device-id">{device.deviceId}</span>
      </h3>
      <p className="device-state">
        <span className={`badge device-badge-${device.state}`}>
          <span aria-hidden="true">{state.symbol}</span> {state.label}
        </span>{' '}
        <span className="muted">({state.hint})</span> · {device.kind === 'hl7' ? 'HL7 monitor' : 'Gateway'}
        {rejected && <span className="badge badge-refused"> ✕ Rejected: every message refused</span>}
      </p>
      <dl className="device-facts">
        <dt>Binding</dt>
        <dd>{rejected ? 'none' : <BindingEditor device={device} api={api} onChanged={onChanged} />}</dd>
        <dt>Last message</dt>
        <dd>
          {device.lastMessageAt === null ? 'none yet' : `${clockTime(device.lastMessageAt)} (${age(now - device.lastMessageAt)})`}
          {device.lastSource && <span className="muted"> from {device.lastSource}</span>}
        </dd>
        <dt>Last error</dt>
        <dd>
          {device.lastError === null ? (
            'none'
          ) : (
            <span className="device-error">
              ⚠ {device.lastError}
              {device.lastErrorAt !== null && ` (${clockTime(device.lastErrorAt)})`}
            </span>
          )}
        </dd>
        {device.droppedNote !== null && (
          <>
            <dt>Dropped values</dt>
            <dd>
              {device.droppedNote}
              {device.droppedAt !== null && ` (${clockTime(device.droppedAt)})`}
            </dd>
          </>
        )}
        <dt>Room</dt>
        <dd>{rejected ? roomName(rooms, device.roomId) : <RoomChoice device={device} rooms={rooms} api={api} onChanged={onChanged} />}</dd>
      </dl>
      {!rejected && (
        <div className="device-actions">
          <RenameDevice device={device} api={api} onChanged={onChanged} />
          <GatewayKey device={device} api={api} onChanged={onChanged} />
        </div>
      )}
    </li>
  );
}

/** Pick a room and save it: readings then go to that room's running session ("No room": to the unassigned list). */
function RoomChoice({ device, rooms, api, onChanged }: Omit<DeviceCardProps, 'now'>) {
  const [draft, setDraft] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const selectRef = useRef<HTMLSelectElement>(null);
  const selected = draft ?? device.roomId ?? '';
  const changed = draft !== null && draft !== (device.roomId ?? '');
  const selectId = `room-${device.deviceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  async function save() {
    setSaving(true);
    const result = await api.update(device.deviceId, { roomId: selected === '' ? null : selected });
    setSaving(false);
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setDraft(null);
    setSaved(true);
    // The Save button goes away: keep the keyboard where it was.
    selectRef.current?.focus();
    await onChanged();
  }

  return (
    <span className="device-room">
      <label htmlFor={selectId} className="visually-hidden">
        Room of {device.name}
      </label>
      <select
        id={selectId}
        ref={selectRef}
        value={selected}
        onChange={(event) => {
          setDraft(event.target.value);
          setSaved(false);
        }}
      >
        <RoomOptions rooms={rooms} />
      </select>
      {changed && (
        <>
          <button type="button" className="button-primary" disabled={saving} onClick={() => void save()}>
            Save room
          </button>
          <button type="button" className="button-quiet" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </>
      )}
      {saved && <span role="status">✓ Saved</span>}
      {failure && <span className="field-error">⚠ {failure.error.message}</span>}
    </span>
  );
}
