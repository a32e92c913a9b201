import { useState, type FormEvent } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { Failure } from '../../../shared/result';
import type { DevicesApi } from './devicesApi';
import { RoomOptions } from './RoomOptions';
import { addressList, fieldError } from './deviceText';

/**
 * Register a device before it first sends: a monitor by its id (OBX-18 EUI-64 or MSH-3) and
 * where it sends from (addresses, ranges, or its TLS certificate), or a gateway that will then
 * get a key. A monitor that just starts sending waits for approval instead.
 */
export function AddDeviceForm({ rooms, api, onChanged }: { rooms: RoomSummary[]; api: DevicesApi; onChanged: () => Promise<void> }) {
  const [deviceId, setDeviceId] = useState('');
  const [name, setName] = useState('');
  const [roomId, setRoomId] = useState('');
  const [kind, setKind] = useState<'hl7' | 'gateway'>('hl7');
  const [addresses, setAddresses] = useState('');
  const [certificate, setCertificate] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const binding =
      kind === 'hl7' ? { addresses: addressList(addresses), certificate: certificate.trim() === '' ? null : certificate.trim() } : {};
    const result = await api.create({ deviceId, name, roomId: roomId === '' ? null : roomId, kind, ...binding });
    if (!result.ok) {
      setAdded(null);
      return setFailure(result);
    }
    setFailure(null);
    setAdded(result.device.name);
    setDeviceId('');
    setName('');
    setAddresses('');
    setCertificate('');
    await onChanged();
  }

  const idError = fieldError(failure, 'deviceId');
  const nameError = fieldError(failure, 'name');
  const addressError = fieldError(failure, 'addresses');
  const certificateError = fieldError(failure, 'certificate');
  const otherError = failure && !idError && !nameError && !addressError && !certificateError ? failure.error.message : null;
  return (
    <form className="add-device" onSubmit={onSubmit} aria-labelledby="add-device-title" noValidate>
      <h3 id="add-device-title">Add a device</h3>
      <div className="add-device-fields">
        <div>
          <label htmlFor="new-device-id">Device id (EUI-64 or sending application)</label>
          <input
            id="new-device-id"
            value={deviceId}
            maxLength={128}
            aria-invalid={idError ? true : undefined}
            aria-describedby={idError ? 'new-device-id-error' : undefined}
            onChange={(e) => setDeviceId(e.target.value)}
          />
          {idError && (
            <span id="new-device-id-error" className="field-error">
              ⚠ {idError}
            </span>
          )}
        </div>
        <div>
          <label htmlFor="new-device-name">Name</label>
          <input
            id="new-device-name"
            value={name}
            maxLength={80}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'new-device-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {nameError && (
            <span id="new-device-name-error" className="field-error">
              ⚠ {nameError}
            </span>
          )}
        </div>
        <div>
          <label htmlFor="new-device-room">Room</label>
          <select id="new-device-room" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
            <RoomOptions rooms={rooms} />
          </select>
        </div>
        <div>
          <label htmlFor="new-device-kind">Kind</label>
          <select id="new-device-kind" value={kind} onChange={(e) => setKind(e.target.value === 'gateway' ? 'gateway' : 'hl7')}>
            <option value="hl7">HL7 monitor</option>
            <option value="gateway">Gateway (gets a key)</option>
          </select>
        </div>
        {kind === 'hl7' && (
          <>
            <div>
              <label htmlFor="new-device-addresses">Sends from (addresses or ranges)</label>
              <input
                id="new-device-addresses"
                value={addresses}
                placeholder="10.20.0.15"
                aria-invalid={addressError ? true : undefined}
                aria-describedby={addressError ? 'new-device-addresses-error' : undefined}
                onChange={(e) => setAddresses(e.target.value)}
              />
              {addressError && (
                <span id="new-device-addresses-error" className="field-error">
                  ⚠ {addressError}
                </span>
              )}
            </div>
            <div>
              <label htmlFor="new-device-certificate">TLS certificate (optional)</label>
              <input
                id="new-device-certificate"
                value={certificate}
                placeholder="CN=bed-3 or fingerprint"
                aria-invalid={certificateError ? true : undefined}
                onChange={(e) => setCertificate(e.target.value)}
              />
              {certificateError && <span className="field-error">⚠ {certificateError}</span>}
            </div>
          </>
        )}
      </div>
      {otherError && <p className="field-error">⚠ {otherError}</p>}
      {added && <p role="status">✓ Added {added}.</p>}
      <button type="submit" className="button-primary">
        Add device
      </button>
    </form>
  );
}
