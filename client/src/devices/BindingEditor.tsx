import { useState, type FormEvent } from 'react';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { Failure } from '../../../shared/result';
import type { DevicesApi } from './devicesApi';
import { addressList, bindingText } from './deviceText';
import { fieldMessages } from '../components/fieldMessages';
import { FormButtons } from '../components/FormActions';
import { LabelledInput } from '../components/LabelledInput';

/** Where a monitor may send from (addresses, ranges) and its TLS certificate: shown, and changed in place by an admin. */
export function BindingEditor({ device, api, onChanged }: { device: DeviceStatus; api: DevicesApi; onChanged: () => Promise<void> }) {
  const [draft, setDraft] = useState<{ addresses: string; certificate: string } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const safeId = device.deviceId.replace(/[^A-Za-z0-9_-]/g, '_');

  if (device.kind === 'gateway') return <span>{bindingText(device)}</span>;
  if (draft === null) {
    return (
      <span className="device-binding">
        <span data-testid="device-binding">{bindingText(device)}</span>
        <button
          type="button"
          className="button-quiet"
          aria-label={`Change where ${device.name} sends from`}
          onClick={() => setDraft({ addresses: device.addresses.join(', '), certificate: device.certificate ?? '' })}
        >
          Change
        </button>
      </span>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const result = await api.update(device.deviceId, {
      addresses: addressList(draft.addresses),
      certificate: draft.certificate.trim() === '' ? null : draft.certificate.trim(),
    });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setDraft(null);
    await onChanged();
  }

  const errors = fieldMessages(failure, ['addresses', 'certificate']);
  return (
    <form className="device-binding-form" onSubmit={onSubmit} noValidate>
      <LabelledInput
        id={`addresses-${safeId}`}
        label="Sends from (addresses or ranges, comma-separated)"
        value={draft.addresses}
        autoFocus
        error={errors.addresses}
        onChange={(e) => setDraft({ ...draft, addresses: e.target.value })}
      />
      <LabelledInput
        id={`certificate-${safeId}`}
        label="TLS certificate (CN=name or SHA-256 fingerprint; empty for none)"
        value={draft.certificate}
        error={errors.certificate}
        onChange={(e) => setDraft({ ...draft, certificate: e.target.value })}
      />
      {errors.other && <span className="field-error">⚠ {errors.other}</span>}
      <span className="device-actions">
        <FormButtons onCancel={() => setDraft(null)}>Save binding</FormButtons>
      </span>
    </form>
  );
}
