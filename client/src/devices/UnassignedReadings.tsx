import { useState } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { UnassignedReading } from '../../../shared/realtime/devicesContract';
import { clockTime } from '../format/time';
import type { DevicesApi } from './devicesApi';
import { roomName, runningSessions, vitalsSummary } from './deviceText';
import { TableSection } from './TableSection';

export interface UnassignedReadingsProps {
  readings: UnassignedReading[];
  rooms: RoomSummary[];
  /** Putting a reading into a patient's record is a nurse's or prescriber's act (`reading.assign`). */
  canAssign: boolean;
  api: DevicesApi;
  onChanged: () => Promise<void>;
}

/** Device readings that found no running session: kept, listed, and assignable to one by a nurse or prescriber. */
export function UnassignedReadings({ readings, rooms, canAssign, api, onChanged }: UnassignedReadingsProps) {
  const sessions = runningSessions(rooms);
  return (
    <TableSection
      id="unassigned"
      className="unassigned"
      title="Readings waiting for a session"
      count={readings.length}
      emptyText="None: every device reading reached a session."
      tableLabel="Readings waiting for a session (table)"
      columns={['Device', 'Measured', 'Values', 'Why it is waiting', canAssign && 'Assign to a session']}
    >
      {readings.map((reading) => (
        <tr key={reading.readingId} data-testid="unassigned-reading">
          <td>
            {reading.deviceName} <span className="muted">({roomName(rooms, reading.roomId)})</span>
          </td>
          <td>{clockTime(reading.observedAt)}</td>
          <td>{vitalsSummary(reading.vitals)}</td>
          <td>{reading.reason}</td>
          {canAssign && (
            <td>
              <AssignReading reading={reading} sessions={sessions} api={api} onChanged={onChanged} />
            </td>
          )}
        </tr>
      ))}
    </TableSection>
  );
}

function AssignReading({
  reading,
  sessions,
  api,
  onChanged,
}: {
  reading: UnassignedReading;
  sessions: { sessionId: string; label: string }[];
  api: DevicesApi;
  onChanged: () => Promise<void>;
}) {
  const [sessionId, setSessionId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  if (sessions.length === 0) return <span className="muted">No session is running</span>;
  const selectId = `assign-${reading.readingId}`;

  async function assign() {
    if (sessionId === '') return setError('Choose a session first');
    setSending(true);
    const result = await api.assign(reading.readingId, sessionId);
    setSending(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    await onChanged();
  }

  return (
    <span className="assign-reading">
      <label htmlFor={selectId} className="visually-hidden">
        Session for the {clockTime(reading.observedAt)} reading of {reading.deviceName}
      </label>
      <select id={selectId} value={sessionId} onChange={(event) => setSessionId(event.target.value)}>
        <option value="">Choose a session…</option>
        {sessions.map((session) => (
          <option key={session.sessionId} value={session.sessionId}>
            {session.label}
          </option>
        ))}
      </select>
      <button type="button" className="button-primary" disabled={sending} onClick={() => void assign()}>
        Assign
      </button>
      {error && <span className="field-error">⚠ {error}</span>}
    </span>
  );
}
