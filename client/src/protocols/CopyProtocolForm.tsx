import { useState, type FormEvent } from 'react';
import type { Protocol } from '../../../shared/protocols/schema';
import type { Failure } from '../../../shared/result';
import type { ProtocolsApi } from './protocolsApi';
import { FormActions } from '../components/FormActions';
import { ErrorAlert } from '../components/ErrorAlert';

const fieldError = (failure: Failure | null, field: string) =>
  failure?.error.issues.find((issue) => issue.path[0] === field)?.message ?? null;

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

  const idError = fieldError(failure, 'newId');
  const nameError = fieldError(failure, 'newName');
  const otherError = failure && !idError && !nameError ? failure.error.message : null;
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
          <label htmlFor="protocol-copy-id">New id (letters, digits, “-” and “_”)</label>
          <input
            id="protocol-copy-id"
            value={newId}
            maxLength={64}
            autoFocus
            aria-invalid={idError ? true : undefined}
            aria-describedby={idError ? 'protocol-copy-id-error' : undefined}
            onChange={(event) => setNewId(event.target.value)}
          />
          {idError && (
            <span id="protocol-copy-id-error" className="field-error">
              ⚠ {idError}
            </span>
          )}
        </div>
        <div>
          <label htmlFor="protocol-copy-name">New name</label>
          <input
            id="protocol-copy-name"
            value={newName}
            maxLength={120}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'protocol-copy-name-error' : undefined}
            onChange={(event) => setNewName(event.target.value)}
          />
          {nameError && (
            <span id="protocol-copy-name-error" className="field-error">
              ⚠ {nameError}
            </span>
          )}
        </div>
      </div>
      <ErrorAlert message={otherError} warningSign />
      <FormActions className="protocol-actions" disabled={busy} onCancel={onCancel}>
        Copy protocol
      </FormActions>
    </form>
  );
}
