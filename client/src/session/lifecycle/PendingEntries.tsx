import type { OutboxEntry } from '../../outbox/storage';

export interface PendingEntriesProps {
  entries: OutboxEntry[];
  /** A few words saying what the entry was ("Dose 56 mg", "MOAA/S 4"). */
  describe: (entry: OutboxEntry) => string;
  onDiscard: (commandId: string) => void;
  /** Put a refused entry's values back into the panel's form (forms only). */
  onReenter?: (entry: OutboxEntry) => void;
  /** Which entries have something to put back (default: all, when onReenter is given). */
  canReenter?: (entry: OutboxEntry) => boolean;
}

/**
 * A panel's own entries not yet stored: "not yet sent" while queued, or the server's refusal
 * in plain words with each field's message, and Re-enter / Discard (like the readings table).
 */
export function PendingEntries({ entries, describe, onDiscard, onReenter, canReenter = () => true }: PendingEntriesProps) {
  if (entries.length === 0) return null;
  return (
    <ul className="pending-entries" aria-label="Entries not yet stored">
      {entries.map((entry) => (
        <li key={entry.commandId} className={`pending-entry pending-${entry.status}`} data-testid="pending-entry">
          {entry.status === 'waiting' ? (
            <span className="badge badge-pending">⏳ Not yet sent: {describe(entry)}</span>
          ) : (
            <>
              <span className="badge badge-refused" role="alert">
                ✕ Refused — {describe(entry)}: {entry.refusal?.message}
              </span>
              {entry.refusal?.issues && entry.refusal.issues.length > 0 && (
                <ul className="refusal-issues">
                  {entry.refusal.issues.map((issue, index) => (
                    <li key={index}>{issue.message}</li>
                  ))}
                </ul>
              )}
              <span className="refusal">
                {onReenter && canReenter(entry) && (
                  <button type="button" className="button-quiet" onClick={() => onReenter(entry)}>
                    Re-enter
                  </button>
                )}
                <button type="button" className="button-quiet" onClick={() => onDiscard(entry.commandId)}>
                  Discard
                </button>
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
