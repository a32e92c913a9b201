import { useEffect, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { may } from '../../../shared/policy';
import type { RemsForm } from '../../../shared/record/remsForm';
import type { SessionReport } from '../../../shared/record/report';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { Facts } from './Facts';
import { ReportChart } from './ReportChart';
import { ReportSections } from './ReportSections';
import { exportUrls, recordApi } from './recordApi';
import './record.css';
import { ErrorAlert } from '../components/ErrorAlert';

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
        <ErrorAlert message={error} />
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
      <Facts
        className="facts report-facts"
        items={[
          ['Patient', report.patientAlias],
          ['Room', report.roomName],
          ['Protocol', `${report.protocolName}, version ${report.protocolVersion}`],
          ['Status', report.statusLabel],
          ['Opened', report.openedAt],
          ['Time zone', report.timeZone],
        ]}
      />
      <section aria-labelledby="rems-times">
        <h2 id="rems-times">REMS times</h2>
        <Facts
          items={[
            ['First device', report.rems.firstDevice],
            ['End of monitoring', report.rems.monitoringEnded],
            ['Total monitoring', report.rems.totalMinutes],
            ['Ready to leave', report.rems.readyToLeave],
          ]}
        />
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
