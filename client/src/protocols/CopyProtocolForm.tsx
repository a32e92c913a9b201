import { useState, type FormEvent } from 'react';
import type { Protocol } from '../../../shared/protocols/schema';
import type { Failure } from '../../../shared/result';
import type { ProtocolsApi } from './protocolsApi';
import { FormActions } from '../components/FormActions';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldMessages } from '../components/fieldMessages';
import { LabelledInput } from '../components/LabelledInput';

/**
 * "Copy" in place: the copy's id and name, then Copy or Cancel (Escape cancels). The copy is
 * version 1 of a new protocol; the original is untouched.
 */
export function CopyProtocolForm({
  source,
  api,
  onCopied,
  onCancel,
}: {
  source: Protocol;
  api: ProtocolsApi;
  onCopied: (copy: Protocol) => void;
  onCancel: () => void;
}) {
  const [newId, setNewId] = useState('');
  const [newName, setNewName] = useState(`${source.name} (our clinic)`);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.copy(source.id, { newId: newId.trim(), newName });
    setBusy(false);
    if (!result.ok) return setFailure(result);
    setFailure(null);
    onCopied(result.protocol);
  }

  const errors = fieldMessages(failure, ['newId', 'newName']);
  return (
    <form
      className="protocol-copy"
      onSubmit={onSubmit}
      aria-labelledby="protocol-copy-title"
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id="protocol-copy-title">Copy “{source.name}”</h3>
      <p className="muted">
        The copy starts as version 1 with every setting of version {source.version}; you edit the copy, the original stays as it is.
      </p>
      <div className="protocol-copy-fields">
        <div>
          <LabelledInput
            id="protocol-copy-id"
            label="New id (letters, digits, “-” and “_”)"
            value={newId}
            maxLength={64}
            autoFocus
            error={errors.newId}
            describeError
            onChange={(event) => setNewId(event.target.value)}
          />
        </div>
        <div>
          <LabelledInput
            id="protocol-copy-name"
            label="New name"
            value={newName}
            maxLength={120}
            error={errors.newName}
            describeError
            onChange={(event) => setNewName(event.target.value)}
          />
        </div>
      </div>
      <ErrorAlert message={errors.other} warningSign />
      <FormActions className="protocol-actions" disabled={busy} onCancel={onCancel}>
        Copy protocol
      </FormActions>
    </form>
  );
}
