import { useEffect } from 'react';
import type { MeasuredBy, RoomSummary } from '../../../shared/clinic/rooms';
import { PHASE_LABELS } from '../../../shared/session/state';
import { paths } from '../app/router';
import { useServerNow, useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { Link } from '../components/Link';
import { age, clockTime, duration } from '../format/time';
import { usePortal } from '../realtime/PortalProvider';
import { RoomOpenSession } from '../clinic/RoomOpenSession';
import { useOpenedSessionNavigation } from '../clinic/useOpenedSession';
import { RemsDueNotice } from '../record/RemsDueNotice';
import { ErrorAlert } from '../components/ErrorAlert';

export function ClinicPage() {
  const portal = usePortal();
  const { rooms, error } = useStore(clinicStore, (s) => s);
  const now = useServerNow();
  useEffect(() => portal.watchClinic(), [portal]);
  useOpenedSessionNavigation();

  return (
    <main className="page">
      <h1>Clinic</h1>
      <RemsDueNotice />
      <ErrorAlert message={error} />
      {rooms === null ? (
        <p className="muted">Loading rooms…</p>
      ) : (
        <ul className="room-grid" aria-label="Rooms">
          {rooms.map((room) => (
            <RoomCard key={room.roomId} room={room} now={now} />
          ))}
        </ul>
      )}
    </main>
  );
}

function RoomCard({ room, now }: { room: RoomSummary; now: number }) {
  const session = room.session;
  if (!session) {
    return (
      <li className="room-card room-empty">
        <h2>{room.roomName}</h2>
        <p className="muted">No session</p>
        <RoomOpenSession room={room} />
        <RoomHistoryLink room={room} />
      </li>
    );
  }
  // Each figure with its own time: a monitor may send SpO2 every minute and pressure every 5.
  const { bloodPressure: pressure, heartRate, spo2 } = session;
  const measured = ({ observedAt, by }: { observedAt: number; by: MeasuredBy }) => (
    <span className="muted">
      {' '}
      ({clockTime(observedAt)}, {age(now - observedAt)}, {by === 'device' ? 'monitor' : 'entered'})
    </span>
  );
  return (
    <li className="room-card">
      <h2>
        <Link to={paths.session(session.sessionId)} className="room-link">
          {room.roomName} — {session.patientAlias}
        </Link>
      </h2>
      <p>
        {session.protocolName} · <strong>{PHASE_LABELS[session.phase]}</strong>
      </p>
      <p>{session.dosedAt === null ? 'Not yet dosed' : `${duration(now - session.dosedAt)} since dose`}</p>
      <RoomOpenSession room={room} />
      <RoomHistoryLink room={room} />
      {pressure || heartRate || spo2 ? (
        <ul className="room-latest">
          <li>
            BP <span>{pressure ? `${pressure.systolicMmHg}/${pressure.diastolicMmHg}` : '—'}</span>
            {pressure && measured(pressure)}
          </li>
          <li>
            HR <span>{heartRate ? heartRate.value : '—'}</span>
            {heartRate && measured(heartRate)}
          </li>
          <li>
            SpO2 <span>{spo2 ? `${spo2.value}%` : '—'}</span>
            {spo2 && measured(spo2)}
          </li>
        </ul>
      ) : (
        <p className="muted">No readings yet</p>
      )}
    </li>
  );
}

/** Closed records are one click away from their room: the Sessions page filtered to it. */
function RoomHistoryLink({ room }: { room: RoomSummary }) {
  return (
    <p>
      <Link to={paths.sessions({ room: room.roomId })}>History of {room.roomName}</Link>
    </p>
  );
}
