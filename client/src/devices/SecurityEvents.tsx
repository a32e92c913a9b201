import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import { clockTimeWithSeconds } from '../format/time';
import { TableSection } from './TableSection';

/** Messages and connections refused at the HL7 listener, newest first, each with the address it came from. */
export function SecurityEvents({ events }: { events: DeviceSecurityEvent[] }) {
  return (
    <TableSection
      id="security"
      className="security-events"
      title="Refused messages"
      count={events.length}
      emptyText="None: nothing has tried to send as a device from where it should not."
      tableLabel="Refused device messages (table)"
      columns={['When', 'From address', 'Named device', 'Why refused']}
    >
      {events.map((event, index) => (
        <tr key={`${event.at}-${index}`} data-testid="security-event">
          <td>{clockTimeWithSeconds(event.at)}</td>
          <td className="device-id">
            {event.remoteAddress ?? 'unknown'}
            {event.certificate && <span className="muted"> ({event.certificate})</span>}
          </td>
          <td className="device-id">{event.deviceId ?? '—'}</td>
          <td>
            <span className="badge badge-refused">✕ Refused</span> {event.reason}
          </td>
        </tr>
      ))}
    </TableSection>
  );
}
