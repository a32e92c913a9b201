import { useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import type { PatientResponse } from '../../../shared/http/patientApi';
import { ProgressChart } from './ProgressCharts';
import { SeriesTable } from './SeriesTable';
import { patientApi } from './patientApi';
import { may } from '../../../shared/policy';
import '../record/record.css';
import { ErrorAlert } from '../components/ErrorAlert';

/** One patient's series: the sessions in order with protocol, dose, outcome and summary, and PHQ-9 / GAD-7 across them. */
export function PatientPage({ patientId, user }: { patientId: string; user: CurrentUser }) {
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
        <ErrorAlert message={error} />
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
      {may(user.role, 'record.export') && (
        <p className="record-links">
          <a href={`/api/patients/${encodeURIComponent(patientId)}/series.csv`} download>
            Download the series (CSV)
          </a>{' '}
          <a href={`/api/patients/${encodeURIComponent(patientId)}/fhir`} download>
            Export the series (FHIR R4)
          </a>
        </p>
      )}
      <h2>Sessions ({sessions.length})</h2>
      {sessions.length === 0 ? (
        <p>No session yet. Open one from the clinic page and choose this patient.</p>
      ) : (
        <>
          <div className="table-scroll">
            <SeriesTable
              sessions={sessions}
              onMarkAttended={
                may(user.role, 'patient.manage')
                  ? (sessionId) =>
                      void patientApi.markIntegration(patientId, { sessionId, attended: true }).then((answer) => {
                        if (answer.ok) setSeries({ patient, sessions: answer.sessions });
                        else setError(answer.error.message);
                      })
                  : undefined
              }
            />
          </div>
          <h2>Progress</h2>
          <div className="progress-charts" data-testid="progress-charts">
            <ProgressChart instrument="phq9" sessions={sessions} />
            <ProgressChart instrument="gad7" sessions={sessions} />
          </div>
        </>
      )}
    </main>
  );
}
