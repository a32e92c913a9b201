import { paths } from '../app/router';
import { useServerNow, useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { Link } from '../components/Link';
import { age, clockTime } from '../format/time';
import { clinicEscalations } from './clinicAlarms';

/**
 * An unacknowledged high alarm escalated to the prescriber, shown wherever they are in the app
 * (not on that room's own page, whose tray already shows it), with a link to the room.
 */
export function EscalationBanner({ currentSessionId }: { currentSessionId: string | null }) {
  const rooms = useStore(clinicStore, (s) => s.rooms);
  const now = useServerNow(5_000);
  const escalations = clinicEscalations(rooms ?? []).filter((escalation) => escalation.sessionId !== currentSessionId);
  if (escalations.length === 0) return null;
  return (
    <div role="alert" aria-label="Escalated alarms">
      {escalations.map((escalation) => (
        <p key={escalation.roomId} className="escalation-banner" data-testid="escalation-banner">
          <span className="alarm-marker" aria-hidden="true">
            ***
          </span>
          <span>
            ESCALATED — {escalation.roomName} ({escalation.patientAlias}):{' '}
            {escalation.message ?? `${escalation.alarmIds.length} high ${escalation.alarmIds.length === 1 ? 'alarm' : 'alarms'}`} — not
            acknowledged
            {escalation.raisedAt !== null ? ` since ${clockTime(escalation.raisedAt)} (${age(now - escalation.raisedAt)})` : ''}
          </span>
          <Link to={paths.session(escalation.sessionId)}>Go to {escalation.roomName} →</Link>
        </p>
      ))}
    </div>
  );
}
