import { useEffect, useState } from 'react';
import { lastSessionBefore, type LastSessionReminder } from '../../../../shared/series/lastSession';
import { paths } from '../../app/router';
import { Link } from '../../components/Link';
import { patientApi } from '../../patients/patientApi';
import { alarmsText, dateText } from '../../patients/SeriesTable';

const signed = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : ''}${value} mmHg`);

/**
 * Before today's dose: the patient's last session (dose, peak rise, sedation, dissociation,
 * minutes to ready) and a reminder when it had a high alarm or an adverse event. Read once when
 * the pre-dose page opens; a first session says so.
 */
export function LastSessionPanel({ patientId, sessionId }: { patientId: string; sessionId: string }) {
  const [last, setLast] = useState<LastSessionReminder | null | 'loading'>('loading');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void patientApi.series(patientId).then((answer) => {
      if (!live) return;
      if (answer.ok) setLast(lastSessionBefore(answer.sessions, sessionId));
      else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId, sessionId]);

  return (
    <section className="lifecycle-panel last-session" aria-labelledby="last-session-title" data-testid="last-session">
      <h2 id="last-session-title">Last session</h2>
      {error ? (
        <p className="field-error">⚠ The last session could not be loaded: {error}</p>
      ) : last === 'loading' ? (
        <p className="muted">Loading the last session…</p>
      ) : last === null ? (
        <p>This is the patient’s first session in Vigil.</p>
      ) : (
        <>
          {last.reminders.length > 0 && (
            <ul className="last-session-reminders" role="alert">
              {last.reminders.map((reminder) => (
                <li key={reminder} className="status-blocked">
                  ⚠ {reminder}
                </li>
              ))}
            </ul>
          )}
          <dl className="facts">
            <dt>When</dt>
            <dd>
              <Link to={paths.session(last.session.sessionId)}>{dateText(last.session.openedAt)}</Link> ({last.session.protocolName})
            </dd>
            <dt>Dose</dt>
            <dd>{last.session.doses.length === 0 ? 'No dose' : last.session.doses.join('; ')}</dd>
            <dt>Peak rise from baseline</dt>
            <dd>
              Systolic {signed(last.session.summary.peakSystolicRiseMmHg)}, diastolic {signed(last.session.summary.peakDiastolicRiseMmHg)}
            </dd>
            <dt>Deepest MOAA/S</dt>
            <dd>{last.session.summary.deepestMoaas ?? '—'}</dd>
            <dt>Peak CADSS-6</dt>
            <dd>{last.session.summary.peakCadss6 ?? '—'}</dd>
            <dt>Minutes to clinically ready (REMS ready to leave)</dt>
            <dd>{last.session.summary.minutesToReadyForDischarge ?? '—'}</dd>
            <dt>Alarms</dt>
            <dd>{alarmsText(last.session.summary)}</dd>
          </dl>
          <Link to={paths.patient(patientId)}>The whole series →</Link>
        </>
      )}
    </section>
  );
}
