import { useState, type FormEvent } from 'react';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { Failure } from '../../../shared/result';
import type { DevicesApi } from './devicesApi';
import { fieldMessage } from '../components/fieldMessages';
import { FormButtons } from '../components/FormActions';
import { LabelledInput } from '../components/LabelledInput';

/** "Rename" in place: a name field with Save and Cancel (Escape cancels). */
export function RenameDevice({ device, api, onChanged }: { device: DeviceStatus; api: DevicesApi; onChanged: () => Promise<void> }) {
  const [name, setName] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const inputId = `name-${device.deviceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  if (name === null) {
    return (
      <button type="button" className="button-quiet" onClick={() => setName(device.name)} aria-label={`Rename ${device.name}`}>
        Rename
      </button>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await api.update(device.deviceId, { name: name ?? '' });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setName(null);
    await onChanged();
  }

  const error = fieldMessage(failure, 'name') ?? failure?.error.message ?? null;
  return (
    <form className="device-rename" onSubmit={onSubmit} noValidate>
      <LabelledInput
        id={inputId}
        label="New name"
        value={name}
        maxLength={80}
        autoFocus
        error={error}
        describeError
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setName(null);
        }}
      />
      <FormButtons onCancel={() => setName(null)}>Save name</FormButtons>
    </form>
  );
}
