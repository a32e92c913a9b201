import type { Role } from '../../../shared/roles';
import { may } from '../../../shared/policy';
import { useStore } from '../app/useStore';
import { clockTime, duration } from '../format/time';
import { serverClockNoticeStore } from '../realtime/serverClockNotice';

function amount(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(Math.abs(ms) / 1000)} seconds`;
}

/**
 * Technical alarm for admins and prescribers: the server machine's clock was set forward or
 * back. Clinical times and timers did not jump (the server keeps its own steady clock), but
 * the machine needs IT. One small line under the top bar, until the clocks agree again.
 */
export function ServerClockBanner({ role }: { role: Role }) {
  const notice = useStore(serverClockNoticeStore, (s) => s.notice);
  if (!notice || !may(role, 'server.technicalAlarms')) return null;
  const direction = notice.stepMs < 0 ? 'back' : 'forward';
  return (
    <p className="technical-banner" role="status" data-testid="server-clock-banner">
      <strong>Technical alarm:</strong> the server&apos;s clock changed by {amount(notice.stepMs)} ({direction}) at{' '}
      {clockTime(notice.detectedAt)}. Vigil&apos;s times and timers did not jump
      {notice.remainingMs !== 0 ? ` (it is catching up slowly: ${duration(Math.abs(notice.remainingMs))} to go)` : ''}. Tell IT to check the
      server&apos;s time source.
    </p>
  );
}
