import { useEffect } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { PHASE_LABELS } from '../../../shared/session/state';
import { paths } from '../app/router';
import { useServerNow, useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { Link } from '../components/Link';
import { age, clockTime, duration } from '../format/time';
import { bloodPressure, value } from '../format/vitals';
import { portal } from '../realtime/instance';
import { RoomOpenSession } from '../lifecycle/RoomOpenSession';
import { useOpenedSessionNavigation } from '../lifecycle/useOpenedSession';

export function ClinicPage() {
  const { rooms, error } = useStore(clinicStore, (s) => s);
  const now = useServerNow();
  useEffect(() => portal.watchClinic(), []);
  useOpenedSessionNavigation();

  return (
    <main className="page">
      <h1>Clinic</h1>
      {error && <p role="alert" className="field-error">{error}</p>}
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
      </li>
    );
  }
  const latest = session.latestReading;
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
      {latest ? (
        <p className="room-latest">
          <span>BP {bloodPressure(latest.vitals)}</span> <span>HR {value(latest.vitals.heartRateBpm)}</span>{' '}
          <span>SpO2 {value(latest.vitals.spo2Percent)}%</span>
          <span className="muted">
            {' '}
            measured {clockTime(latest.observedAt)} ({age(now - latest.observedAt)})
          </span>
        </p>
      ) : (
        <p className="muted">No readings yet</p>
      )}
    </li>
  );
}
