import { useState, type FormEvent } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { Failure } from '../../../shared/result';
import type { DevicesApi } from './devicesApi';
import { RoomOptions } from './RoomOptions';
import { addressList } from './deviceText';
import { fieldMessages } from '../components/fieldMessages';
import { LabelledInput } from '../components/LabelledInput';

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

  const errors = fieldMessages(failure, ['deviceId', 'name', 'addresses', 'certificate']);
  return (
    <form className="add-device" onSubmit={onSubmit} aria-labelledby="add-device-title" noValidate>
      <h3 id="add-device-title">Add a device</h3>
      <div className="add-device-fields">
        <div>
          <LabelledInput
            id="new-device-id"
            label="Device id (EUI-64 or sending application)"
            value={deviceId}
            maxLength={128}
            error={errors.deviceId}
            describeError
            onChange={(e) => setDeviceId(e.target.value)}
          />
        </div>
        <div>
          <LabelledInput
            id="new-device-name"
            label="Name"
            value={name}
            maxLength={80}
            error={errors.name}
            describeError
            onChange={(e) => setName(e.target.value)}
          />
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
              <LabelledInput
                id="new-device-addresses"
                label="Sends from (addresses or ranges)"
                value={addresses}
                placeholder="10.20.0.15"
                error={errors.addresses}
                describeError
                onChange={(e) => setAddresses(e.target.value)}
              />
            </div>
            <div>
              <LabelledInput
                id="new-device-certificate"
                label="TLS certificate (optional)"
                value={certificate}
                placeholder="CN=bed-3 or fingerprint"
                error={errors.certificate}
                onChange={(e) => setCertificate(e.target.value)}
              />
            </div>
          </>
        )}
      </div>
      {errors.other && <p className="field-error">⚠ {errors.other}</p>}
      {added && <p role="status">✓ Added {added}.</p>}
      <button type="submit" className="button-primary">
        Add device
      </button>
    </form>
  );
}
