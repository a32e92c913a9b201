import { ScrollRegion } from '../components/ScrollRegion';
import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import { clockTimeWithSeconds } from '../format/time';
import { ColumnHeads } from '../components/ColumnHeads';

/** Messages and connections refused at the HL7 listener, newest first, each with the address it came from. */
export function SecurityEvents({ events }: { events: DeviceSecurityEvent[] }) {
  return (
    <section aria-labelledby="security-title" className="security-events">
      <h2 id="security-title">Refused messages ({events.length})</h2>
      {events.length === 0 ? (
        <p className="muted">None: nothing has tried to send as a device from where it should not.</p>
      ) : (
        <ScrollRegion label="Refused device messages (table)">
          <table>
            <ColumnHeads columns={['When', 'From address', 'Named device', 'Why refused']} />
            <tbody>
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
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
