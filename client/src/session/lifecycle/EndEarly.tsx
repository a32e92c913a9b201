import { useState } from 'react';
import type { OutboxEntry } from '../../outbox/storage';
import { describeEntry } from './describeEntry';
import { PendingEntries } from './PendingEntries';
import type { SubmitCommand } from '../../realtime/submit';
import { FormActions } from '../../components/FormActions';
import { LabelledTextarea } from '../../components/LabelledInput';

/** End the session early: opens inline, needs a reason, and says plainly what it does. */
export function EndEarly({
  submit,
  pending = [],
  onDiscard = () => undefined,
}: {
  submit: SubmitCommand;
  pending?: OutboxEntry[];
  onDiscard?: (commandId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const queued = <PendingEntries entries={pending} describe={(entry) => describeEntry(entry)} onDiscard={onDiscard} />;
  if (!open) {
    return (
      <div className="end-early">
        <button type="button" className="button-quiet" onClick={() => setOpen(true)} aria-expanded={false}>
          End the session early…
        </button>
        {queued}
      </div>
    );
  }
  return (
    <form
      className="end-early end-early-open"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = reason.trim();
        if (trimmed === '') {
          setError('A reason is required to end the session early');
          return;
        }
        void submit('session.endEarly', { reason: trimmed });
        setOpen(false);
        setReason('');
        setError(null);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <p>Ending early closes the session: it becomes read-only.</p>
      <LabelledTextarea
        id="end-early-reason"
        label="Reason for ending early (required)"
        rows={2}
        maxLength={500}
        autoFocus
        value={reason}
        error={error}
        onChange={(event) => setReason(event.target.value)}
      />
      <FormActions onCancel={() => setOpen(false)}>End the session early</FormActions>
    </form>
  );
}
