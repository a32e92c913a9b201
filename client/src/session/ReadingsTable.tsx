import type { ReactNode } from 'react';
import type { Reading } from '../../../shared/session/state';
import type { ManualVitalSet } from '../../../shared/vitals/schema';
import type { OutboxEntry } from '../outbox/storage';
import { clockTime, clockTimeWithSeconds } from '../format/time';
import { bloodPressure, value } from '../format/vitals';
import { confirmationText } from '../devices/confirmationText';

export interface ReadingsTableProps {
  readings: Reading[];
  /** This screen's vital sets not yet stored by the server (waiting or refused). */
  pending: OutboxEntry[];
  onDiscard?: (commandId: string) => void;
  onReenter?: (entry: OutboxEntry) => void;
  /** Per stored reading: the "Mark artifact" control (client/src/alarms), for roles that may use it. */
  artifactAction?: (reading: Reading) => ReactNode;
  /** Per device reading not yet confirmed: the "Confirm" control (client/src/devices), for roles that may use it. */
  confirmAction?: (reading: Reading) => ReactNode;
}

function pendingVitals(entry: OutboxEntry): { vitals: ManualVitalSet; observedAt: number } {
  return entry.request as unknown as { vitals: ManualVitalSet; observedAt: number };
}

/** Every reading, newest measurement first, with who or what recorded it and when. */
export function ReadingsTable({ readings, pending, onDiscard, onReenter, artifactAction, confirmAction }: ReadingsTableProps) {
  const rows = [...readings].reverse();
  return (
    <section aria-labelledby="readings-title" className="readings">
      <h2 id="readings-title">Readings</h2>
      {rows.length === 0 && pending.length === 0 ? (
        <p className="muted">No readings yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Measured</th>
              <th scope="col">BP (mmHg)</th>
              <th scope="col">HR (/min)</th>
              <th scope="col">SpO2 (%)</th>
              <th scope="col">RR (/min)</th>
              <th scope="col">Temp (°C)</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Stored</th>
              {artifactAction && <th scope="col">Artifact</th>}
            </tr>
          </thead>
          <tbody>
            {pending.map((entry) => {
              const { vitals, observedAt } = pendingVitals(entry);
              return (
                <tr key={entry.commandId} className={`reading-pending reading-${entry.status}`} data-testid="pending-reading">
                  <td>{clockTime(observedAt)}</td>
                  <td>{bloodPressure(vitals)}</td>
                  <td>{value(vitals.heartRateBpm)}</td>
                  <td>{value(vitals.spo2Percent)}</td>
                  <td>{value(vitals.respiratoryRatePerMin)}</td>
                  <td>{value(vitals.temperatureC, 1)}</td>
                  <td>You</td>
                  <td>
                    {entry.status === 'waiting' ? (
                      <span className="badge badge-pending">⏳ Not yet sent</span>
                    ) : (
                      <span className="refusal">
                        <span className="badge badge-refused">✕ Refused: {entry.refusal?.message}</span>
                        {onReenter && (
                          <button type="button" className="button-quiet" onClick={() => onReenter(entry)}>
                            Re-enter
                          </button>
                        )}
                        {onDiscard && (
                          <button type="button" className="button-quiet" onClick={() => onDiscard(entry.commandId)}>
                            Discard
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                  {artifactAction && <td />}
                </tr>
              );
            })}
            {rows.map((reading) => (
              <tr key={reading.readingId} className={reading.artifact ? 'reading-artifact' : undefined} data-testid="reading">
                <td>{clockTime(reading.observedAt)}</td>
                <td>{bloodPressure(reading.vitals)}</td>
                <td>{value(reading.vitals.heartRateBpm)}</td>
                <td>{value(reading.vitals.spo2Percent)}</td>
                <td>{value(reading.vitals.respiratoryRatePerMin)}</td>
                <td>{value(reading.vitals.temperatureC, 1)}</td>
                <td>
                  {reading.recordedBy.displayName}{' '}
                  <span className="badge">{reading.recordedBy.kind === 'device' ? 'device' : reading.recordedBy.kind === 'user' ? 'manual' : 'system'}</span>
                  {reading.recordedBy.kind === 'device' && reading.recordedBy.source && (
                    // Provenance: which device sent it and from where (the Stored column says when it arrived).
                    <span className="reading-source muted">from {reading.recordedBy.source}</span>
                  )}
                  {reading.artifact && <span className="badge badge-refused"> artifact: {reading.artifact.reason}</span>}
                  {reading.recordedBy.kind === 'device' && !reading.artifact && <DeviceConfirmation reading={reading} confirmAction={confirmAction} />}
                </td>
                <td>{clockTimeWithSeconds(reading.recordedAt)}</td>
                {artifactAction && <td className="reading-artifact-cell">{artifactAction(reading)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A device reading: who confirmed it and when, or the Confirm control, or that nobody has yet. */
function DeviceConfirmation({ reading, confirmAction }: { reading: Reading; confirmAction?: (reading: Reading) => ReactNode }) {
  const confirmed = confirmationText(reading);
  if (confirmed) return <span className="reading-confirmed"> ✓ {confirmed}</span>;
  return <span className="reading-unconfirmed">{confirmAction ? confirmAction(reading) : <span className="muted"> unconfirmed</span>}</span>;
}
