import { useState } from 'react';
import type { SubmitCommand } from './submit';

/** End the session early: opens inline, needs a reason, and says plainly what it does. */
export function EndEarly({ submit }: { submit: SubmitCommand }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <div className="end-early">
        <button type="button" className="button-quiet" onClick={() => setOpen(true)} aria-expanded={false}>
          End the session early…
        </button>
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
      <label htmlFor="end-early-reason">Reason for ending early (required)</label>
      <textarea
        id="end-early-reason"
        rows={2}
        maxLength={500}
        autoFocus
        value={reason}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setReason(event.target.value)}
      />
      {error && <span className="field-error">⚠ {error}</span>}
      <div className="entry-actions">
        <button type="submit" className="button-primary">
          End the session early
        </button>
        <button type="button" className="button-quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
