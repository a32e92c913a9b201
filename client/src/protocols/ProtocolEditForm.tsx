import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Protocol } from '../../../shared/protocols/schema';
import type { Failure, Issue } from '../../../shared/result';
import {
  dischargeLabelKey,
  draftFieldKeys,
  FIELD_GROUPS,
  fromDraft,
  inputId,
  placeIssues,
  preDoseLabelKey,
  SCHEDULE_KEY,
  toDraft,
  type ProtocolDraft,
} from './editDraft';
import { EditField, FieldErrors, invalidProps } from './EditFields';
import { LimitsEditor } from './LimitsEditor';
import type { ProtocolsApi } from './protocolsApi';
import { FormActions } from '../components/FormActions';

/** "alarmLimits › 2 › id" for an issue no field shows. */
const pathText = (issue: Issue) => (issue.path.length === 0 ? 'Protocol' : issue.path.join(' › '));

function focusField(key: string) {
  document.getElementById(inputId(key))?.focus();
}

/**
 * Edit a clinic copy: numeric settings, limits, the check schedule and checklist labels.
 * Save sends the whole protocol with the version it was read at; the server's issues are
 * shown beside their fields, a conflict (someone saved meanwhile) offers to reload.
 */
export function ProtocolEditForm({
  protocol,
  api,
  onSaved,
  onCancel,
  onReload,
}: {
  protocol: Protocol;
  api: ProtocolsApi;
  onSaved: (saved: Protocol) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [draft, setDraft] = useState<ProtocolDraft>(() => toDraft(protocol));
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  // Opened from "Edit" (which is gone now): the keyboard starts at the first field.
  useEffect(() => focusField('name'), []);

  const placed = useMemo(() => placeIssues(failure?.error.issues ?? [], draftFieldKeys(draft)), [failure, draft]);
  const setValue = (key: string) => (value: string) => setDraft((d) => ({ ...d, values: { ...d.values, [key]: value } }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.revise(protocol.id, fromDraft(protocol, draft));
    setBusy(false);
    if (result.ok) return onSaved(result.protocol);
    if (result.error.code === 'conflict') {
      setFailure(null);
      setConflict(result.error.message);
    } else {
      setConflict(null);
      setFailure(result);
    }
    setTimeout(() => summaryRef.current?.focus(), 0);
  }

  const fieldMessages = Object.entries(placed.byField);
  return (
    <form className="protocol-edit" onSubmit={onSubmit} aria-labelledby="protocol-edit-title" noValidate>
      <h3 id="protocol-edit-title">
        Editing “{protocol.name}” version {protocol.version}
      </h3>
      <p className="muted">Saving makes version {protocol.version + 1}. Sessions already running keep the version they started with.</p>

      <div ref={summaryRef} tabIndex={-1} className="protocol-summary-anchor">
        {conflict && (
          <div role="alert" className="protocol-conflict">
            <p>⚠ Someone else changed this protocol since you opened it. {conflict}</p>
            <button type="button" className="button-primary" onClick={onReload}>
              Reload the latest version (discards your changes here)
            </button>
          </div>
        )}
        {failure && (
          <div role="alert" className="protocol-issues">
            <p>⚠ Not saved: {failure.error.message}</p>
            {(fieldMessages.length > 0 || placed.unplaced.length > 0) && (
              <ul>
                {fieldMessages.map(([key, messages]) => (
                  <li key={key}>
                    <a
                      href={`#${inputId(key)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        focusField(key);
                      }}
                    >
                      {messages.join('; ')}
                    </a>
                  </li>
                ))}
                {placed.unplaced.map((issue) => (
                  <li key={`${pathText(issue)}:${issue.message}`}>
                    {pathText(issue)}: {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      {FIELD_GROUPS.map((group) => (
        <fieldset key={group.title} className="protocol-group">
          <legend>{group.title}</legend>
          <div className="protocol-fields">
            {group.fields.map((spec) => (
              <EditField
                key={spec.key}
                spec={spec}
                value={draft.values[spec.key] ?? ''}
                messages={placed.byField[spec.key]}
                onChange={setValue(spec.key)}
              />
            ))}
            {group.title === 'Checks and observation' && (
              <div className="protocol-field protocol-field-wide">
                <label htmlFor={inputId(SCHEDULE_KEY)}>Check schedule (minutes after the dose, comma separated)</label>
                <input
                  {...invalidProps(SCHEDULE_KEY, placed.byField[SCHEDULE_KEY])}
                  value={draft.schedule}
                  onChange={(event) => setDraft((d) => ({ ...d, schedule: event.target.value }))}
                />
                <FieldErrors fieldKey={SCHEDULE_KEY} messages={placed.byField[SCHEDULE_KEY]} />
              </div>
            )}
          </div>
        </fieldset>
      ))}

      <LimitsEditor
        limits={draft.limits}
        errors={placed.byField}
        onChange={(limits) => {
          // Rows moved: the last answer's paths no longer point at the same limits.
          if (limits.length !== draft.limits.length) setFailure(null);
          setDraft((d) => ({ ...d, limits }));
        }}
      />

      <fieldset className="protocol-group">
        <legend>Checklist items</legend>
        <p className="muted">Labels only; who may tick each item stays as it is.</p>
        {protocol.preDoseChecklist.map((item, index) => (
          <EditField
            key={item.id}
            spec={{ key: preDoseLabelKey(index), label: `Pre-dose item ${index + 1}`, kind: 'text' }}
            value={draft.values[preDoseLabelKey(index)] ?? ''}
            messages={placed.byField[preDoseLabelKey(index)]}
            onChange={setValue(preDoseLabelKey(index))}
          />
        ))}
        {protocol.discharge.practicalItems.map((item, index) => (
          <EditField
            key={item.id}
            spec={{ key: dischargeLabelKey(index), label: `Discharge item ${index + 1}`, kind: 'text' }}
            value={draft.values[dischargeLabelKey(index)] ?? ''}
            messages={placed.byField[dischargeLabelKey(index)]}
            onChange={setValue(dischargeLabelKey(index))}
          />
        ))}
      </fieldset>

      <FormActions className="protocol-actions protocol-save" disabled={busy} onCancel={onCancel}>
        {busy ? 'Saving…' : `Save as version ${protocol.version + 1}`}
      </FormActions>
    </form>
  );
}
