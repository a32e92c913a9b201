import type { OutboxEntry } from '../outbox/storage';
import { usePortal } from '../realtime/PortalProvider';

/** A reading action the server refused, in place: what was not done, why, and a way to dismiss it. */
export function RefusedNotice({ entry, notDone }: { entry: OutboxEntry; notDone: string }) {
  const portal = usePortal();
  return (
    <span className="field-error">
      ✕ {notDone}: {entry.refusal?.message}{' '}
      <button type="button" className="button-quiet" onClick={() => void portal.discard(entry.commandId)}>
        Dismiss
      </button>
    </span>
  );
}
