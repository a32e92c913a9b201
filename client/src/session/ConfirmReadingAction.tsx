import type { Reading } from '../../../shared/session/state';
import { useStore } from '../app/useStore';
import { clockTime } from '../format/time';
import { outboxStore } from '../outbox/outbox';
import { newCommandId } from '../realtime/commands';
import { usePortal } from '../realtime/PortalProvider';
import { RefusedNotice } from './RefusedNotice';

export interface ConfirmReadingActionProps {
  sessionId: string;
  reading: Reading;
  userId: string;
}

/**
 * "Confirm" for one device reading: the nurse has checked the number at the bedside. It goes
 * through the outbox like every command, so a tap offline is sent once back online; a refusal
 * (already confirmed elsewhere, marked as artifact) shows its message in place.
 */
export function ConfirmReadingAction({ sessionId, reading, userId }: ConfirmReadingActionProps) {
  const portal = usePortal();
  const queued = useStore(outboxStore, (s) =>
    s.entries.find(
      (entry) => entry.event === 'reading.confirm' && entry.userId === userId && entry.request.readingId === reading.readingId,
    ),
  );
  if (reading.recordedBy.kind !== 'device' || reading.artifact || reading.confirmedBy) return null;
  if (queued?.status === 'waiting') return <span className="badge badge-pending">⏳ Confirming…</span>;

  const confirm = async () => {
    const request = { commandId: newCommandId(), sessionId, readingId: reading.readingId };
    await portal.submit('reading.confirm', request);
  };
  return (
    <span className="confirm-action">
      {queued?.status === 'refused' && <RefusedNotice entry={queued} notDone="Not confirmed" />}
      <button
        type="button"
        className="button-quiet"
        onClick={() => void confirm()}
        aria-label={`Confirm the device reading measured at ${clockTime(reading.observedAt)}`}
      >
        Confirm
      </button>
    </span>
  );
}
