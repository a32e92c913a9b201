import { useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { may } from '../../../shared/policy';
import type { RemsForm } from '../../../shared/record/remsForm';
import type { SessionReport } from '../../../shared/record/report';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { ReportChart } from './ReportChart';
import { ReportSections } from './ReportSections';
import { exportUrls, recordApi } from './recordApi';
import './record.css';

/** The session report, laid out for print (A4 or Letter); the server's PDF says the same thing. */
export function ReportPage({ sessionId, user }: { sessionId: string; user: CurrentUser }) {
  const [loaded, setLoaded] = useState<{ report: SessionReport; rems: RemsForm | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void recordApi.report(sessionId).then((answer) => {
      if (!live) return;
      if (answer.ok) setLoaded({ report: answer.report, rems: answer.rems });
      else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [sessionId]);

  if (error) {
    return (
      <main className="page">
        <h1>Session report</h1>
        <p role="alert" className="field-error">
          {error}
        </p>
      </main>
    );
  }
  if (!loaded) return <p className="page muted">Loading the report…</p>;
  const { report, rems } = loaded;
  const canExport = may(user.role, 'record.export');
  return (
    <main className="page record-page report">
      <div className="print-running-head" aria-hidden="true">
        {report.patientAlias} — session of {report.sessionDate}
      </div>
      <nav className="report-actions no-print" aria-label="Report actions">
        <Link to={paths.sessions()}>All sessions</Link>
        <Link to={paths.session(sessionId)}>Timeline</Link>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          Print
        </button>
        {canExport && (
          <>
            <a href={exportUrls.pdf(sessionId, 'a4')}>PDF (A4)</a>
            <a href={exportUrls.pdf(sessionId, 'letter')}>PDF (Letter)</a>
            <a href={exportUrls.csv(sessionId)}>Readings CSV</a>
            <a href={exportUrls.fhir(sessionId)}>FHIR R4 Bundle</a>
          </>
        )}
        {rems && <Link to={paths.rems(sessionId)}>REMS monitoring form ({rems.status})</Link>}
      </nav>
      <h1>Dosing session report</h1>
      <dl className="facts report-facts">
        <div>
          <dt>Patient</dt>
          <dd>{report.patientAlias}</dd>
        </div>
        <div>
          <dt>Room</dt>
          <dd>{report.roomName}</dd>
        </div>
        <div>
          <dt>Protocol</dt>
          <dd>
            {report.protocolName}, version {report.protocolVersion}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{report.statusLabel}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{report.openedAt}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{report.timeZone}</dd>
        </div>
      </dl>
      <section aria-labelledby="rems-times">
        <h2 id="rems-times">REMS times</h2>
        <dl className="facts">
          <div>
            <dt>First device</dt>
            <dd>{report.rems.firstDevice}</dd>
          </div>
          <div>
            <dt>End of monitoring</dt>
            <dd>{report.rems.monitoringEnded}</dd>
          </div>
          <div>
            <dt>Total monitoring</dt>
            <dd>{report.rems.totalMinutes}</dd>
          </div>
          <div>
            <dt>Ready to leave</dt>
            <dd>{report.rems.readyToLeave}</dd>
          </div>
        </dl>
        {rems && (
          <ul>
            {rems.bloodPressures.map((bp) => (
              <li key={bp.label}>
                REMS BP {bp.label}: {bp.text}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="vitals">
        <h2 id="vitals">Vital signs</h2>
        <ReportChart rows={report.vitals.rows} />
      </section>
      <ReportSections report={report} />
    </main>
  );
}
