import { useState, type FormEvent } from 'react';
import { alarmEventPayloadSchemas } from '../../../../shared/alerts/events';
import type { Reading } from '../../../../shared/session/state';
import { describeActor } from '../../../../shared/session/actor';
import { parseInput } from '../../../../shared/validation';
import { useStore } from '../../app/useStore';
import { clockTime } from '../../format/time';
import { outboxStore } from '../../outbox/outbox';
import { newCommandId } from '../../realtime/commands';
import { usePortal } from '../../realtime/PortalProvider';
import { RefusedNotice } from '../RefusedNotice';
import { FormActions } from '../../components/FormActions';

/** The reasons nurses give most (CLINICAL.md: a cuff moved, a probe off), one tap each. */
export const QUICK_ARTIFACT_REASONS = ['Cuff moved', 'Probe off', 'Patient moving'] as const;

const reasonSchema = alarmEventPayloadSchemas['reading.artifactMarked'].shape.reason;

export interface ArtifactActionProps {
  sessionId: string;
  reading: Reading;
  userId: string;
}

/**
 * "Mark artifact" for one reading: a required reason, picked from the quick reasons or typed, in
 * place (no dialog). The reading stays in the record, struck through with its reason; the
 * alarms it caused clear on the server.
 */
export function ArtifactAction({ sessionId, reading, userId }: ArtifactActionProps) {
  const portal = usePortal();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const queued = useStore(outboxStore, (s) =>
    s.entries.find(
      (entry) => entry.event === 'reading.markArtifact' && entry.userId === userId && entry.request.readingId === reading.readingId,
    ),
  );

  if (reading.artifact) {
    return (
      <span className="artifact-note">
        ✕ Artifact: {reading.artifact.reason}{' '}
        <span className="muted">
          ({describeActor(reading.artifact.markedBy)}, {clockTime(reading.artifact.markedAt)})
        </span>
      </span>
    );
  }
  if (queued?.status === 'waiting') return <span className="badge badge-pending">⏳ Marking as artifact…</span>;

  const formId = `artifact-${reading.readingId}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseInput(reasonSchema, reason);
    if (!parsed.ok) return setError(parsed.error.message);
    setError(null);
    const request = { commandId: newCommandId(), sessionId, readingId: reading.readingId, reason: parsed.value };
    await portal.submit('reading.markArtifact', request);
    setOpen(false);
    setReason('');
  }

  if (!open) {
    return (
      <>
        {queued?.status === 'refused' && <RefusedNotice entry={queued} notDone="Not marked" />}
        <button
          type="button"
          className="button-quiet"
          onClick={() => setOpen(true)}
          aria-label={`Mark artifact: reading at ${clockTime(reading.observedAt)}`}
        >
          Mark artifact
        </button>
      </>
    );
  }
  return (
    <form
      className="artifact-form"
      onSubmit={onSubmit}
      aria-label={`Mark the ${clockTime(reading.observedAt)} reading as artifact`}
      noValidate
    >
      <div className="artifact-quick" role="group" aria-label="Quick reasons">
        {QUICK_ARTIFACT_REASONS.map((quick) => (
          <button key={quick} type="button" className="button-quiet" aria-pressed={reason === quick} onClick={() => setReason(quick)}>
            {quick}
          </button>
        ))}
      </div>
      <label htmlFor={formId}>Reason (required)</label>
      <input
        id={formId}
        value={reason}
        maxLength={200}
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${formId}-error` : undefined}
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      />
      {error && (
        <span id={`${formId}-error`} className="field-error">
          ⚠ {error}
        </span>
      )}
      <FormActions className="artifact-buttons" onCancel={() => setOpen(false)}>
        Mark as artifact
      </FormActions>
    </form>
  );
}
