import { useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import type { PatientResponse } from '../../../shared/http/patientApi';
import { SESSION_STATUS_LABELS } from '../../../shared/record/status';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { patientApi } from './patientApi';
import '../record/record.css';

const dateText = (epochMs: number) =>
  new Date(epochMs).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** One patient's series: the sessions in order with protocol, dose and outcome. */
export function PatientPage({ patientId }: { patientId: string; user: CurrentUser }) {
  const [series, setSeries] = useState<PatientResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void patientApi.series(patientId).then((answer) => {
      if (!live) return;
      if (answer.ok) setSeries(answer);
      else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId]);

  if (error)
    return (
      <main className="page record-page">
        <p role="alert" className="field-error">
          {error}
        </p>
      </main>
    );
  if (!series) return <p className="page muted">Loading the patient…</p>;
  const { patient, sessions } = series;
  return (
    <main className="page record-page">
      <h1>
        Patient {patient.alias}
        {patient.birthYear !== null && <span className="muted"> · born {patient.birthYear}</span>}
      </h1>
      <h2>Sessions ({sessions.length})</h2>
      {sessions.length === 0 ? (
        <p>No session yet. Open one from the clinic page and choose this patient.</p>
      ) : (
        <table className="record-table" aria-label="Sessions of the series">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Opened</th>
              <th scope="col">Alias then</th>
              <th scope="col">Protocol</th>
              <th scope="col">Dose</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session, index) => (
              <tr key={session.sessionId}>
                <td>{index + 1}</td>
                <td>
                  <Link to={paths.session(session.sessionId)}>{dateText(session.openedAt)}</Link>
                </td>
                <td>{session.patientAlias}</td>
                <td>{session.protocolName}</td>
                <td>{session.doses.length === 0 ? 'No dose' : session.doses.join('; ')}</td>
                <td>{SESSION_STATUS_LABELS[session.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
