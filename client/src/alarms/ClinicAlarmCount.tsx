import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import { paths } from '../app/router';
import { useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { Link } from '../components/Link';
import { isLive, connectionStore } from '../realtime/connectionStore';
import { clinicAlarmTotals } from './clinicAlarms';

/**
 * The clinic's open alarms, on every page (top bar), in words and markers: "*** 2 open alarms,
 * 1 not acknowledged". Links to the room with the most urgent one.
 */
export function ClinicAlarmCount() {
  const rooms = useStore(clinicStore, (s) => s.rooms);
  const live = useStore(connectionStore, isLive);
  if (rooms === null) return null;
  const totals = clinicAlarmTotals(rooms);
  // Not live, "no alarms" is only what this screen last heard: never an all-clear.
  if (totals.open === 0 && !live) {
    return (
      <span className="alarm-count alarm-count-unknown" data-testid="alarm-count">
        ? Alarms not live
      </span>
    );
  }
  if (totals.open === 0) {
    return (
      <span className="alarm-count alarm-count-none" data-testid="alarm-count">
        ✓ No open alarms
      </span>
    );
  }
  const marker = totals.worst ? `${ALARM_VISUALS[totals.worst].marker} ` : '';
  const text = `${marker}${totals.open} open ${totals.open === 1 ? 'alarm' : 'alarms'}${totals.unacknowledged > 0 ? `, ${totals.unacknowledged} not acknowledged` : ''}`;
  const className = `alarm-count alarm-count-${totals.worst ?? 'owned'}`;
  return totals.urgentSessionId ? (
    <Link
      to={paths.session(totals.urgentSessionId)}
      className={className}
      data-testid="alarm-count"
      aria-label={`${text}: open the most urgent room`}
    >
      {text}
    </Link>
  ) : (
    <span className={className} data-testid="alarm-count">
      {text}
    </span>
  );
}
