import { connectionStore } from '../realtime/connectionStore';
import { outboxStore } from '../outbox/outbox';
import { useStore } from '../app/useStore';
import { clockTime, clockTimeWithSeconds } from '../format/time';
import { serverNow } from '../realtime/serverClock';

const LABELS = {
  connecting: { icon: '◌', text: 'Connecting…' },
  connected: { icon: '●', text: 'Live' },
  reconnecting: { icon: '◐', text: 'Reconnecting' },
  offline: { icon: '✕', text: 'Offline' },
  refused: { icon: '✕', text: 'Not connected' },
} as const;

/** The screen's link to the server, said in words and a symbol (never colour alone). */
export function ConnectionBadge() {
  const { status, since, lastServerMessageAt, detail, deliveryPausedSince } = useStore(connectionStore, (s) => s);
  const waiting = useStore(outboxStore, (s) => s.entries.filter((entry) => entry.status === 'waiting').length);
  // Connected to a server that cannot hear the other servers: live for what passes through it only.
  const partial = status === 'connected' && deliveryPausedSince !== null;
  const label = partial ? { icon: '◐', text: "Live on this server only — other servers' entries delayed" } : LABELS[status];
  const parts: string[] = [label.text];
  if (partial) parts.push(`since ${clockTime(deliveryPausedSince)}`);
  if (status === 'reconnecting' || status === 'offline') parts.push(`since ${clockTime(serverNow(since))}`);
  if (waiting > 0) parts.push(`${waiting} ${waiting === 1 ? 'entry' : 'entries'} waiting to send`);
  if (detail) parts.push(detail);
  return (
    <div className={`connection connection-${partial ? 'partial' : status}`} role="status" aria-live="polite" data-testid="connection">
      <span aria-hidden="true" className="connection-icon">
        {label.icon}
      </span>
      <span>{parts.join(' — ')}</span>
      {lastServerMessageAt !== null && (
        <span className="connection-updated">last update {clockTimeWithSeconds(serverNow(lastServerMessageAt))}</span>
      )}
    </div>
  );
}
