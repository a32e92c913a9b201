import type { PatientSessionRow } from '../../../shared/http/patientApi';
import { INSTRUMENT_DEFINITIONS } from '../../../shared/questionnaires/instruments';
import { SESSION_STATUS_LABELS } from '../../../shared/record/status';
import type { SessionSummary } from '../../../shared/series/summary';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { ColumnHeads } from '../components/ColumnHeads';
import { clinicDate, wallClockText } from '../format/time';

/** "Mon 30 Nov 2026 14:05" on the clinic's clocks (as every time in Vigil), whatever this screen's zone. */
export const dateText = (epochMs: number) => `${clinicDate(epochMs)} ${wallClockText(epochMs)}`;

const signed = (value: number | null, unit: string) => (value === null ? '—' : `${value > 0 ? '+' : ''}${value} ${unit}`);

/** "PHQ-9 12 Moderate". */
function questionnaireText(instrument: 'phq9' | 'gad7', summary: SessionSummary): string {
  const result = summary[instrument];
  if (!result) return '—';
  const band = INSTRUMENT_DEFINITIONS[instrument].bands.find((b) => b.severity === result.severity)?.label ?? '';
  return `${result.total} ${band}`;
}

export function alarmsText(summary: Pick<SessionSummary, 'alarmsByPriority'>): string {
  const { high, medium, low } = summary.alarmsByPriority;
  return high + medium + low === 0 ? 'None' : `${high} high, ${medium} medium, ${low} low`;
}

/** The series, one row per session, oldest first: what happened and how the patient was doing. */
export function SeriesTable({
  sessions,
  onMarkAttended,
}: {
  sessions: readonly PatientSessionRow[];
  /** Present for those who may keep the patient's record: marks a booked integration appointment attended. */
  onMarkAttended?: (sessionId: string) => void;
}) {
  return (
    <table className="record-table series-table" aria-label="Sessions of the series">
      <ColumnHeads
        columns={[
          '#',
          'Opened',
          'Alias then',
          'Protocol',
          'Dose',
          'Outcome',
          'PHQ-9',
          'GAD-7',
          'Peak BP rise',
          'Deepest MOAA/S',
          'Peak CADSS-6',
          'Minutes to ready (clinically)',
          'Alarms',
          'Adverse events',
          'Integration',
        ]}
      />
      <tbody>
        {sessions.map((session, index) => {
          const { summary, progress } = session;
          return (
            <tr key={session.sessionId} data-testid="series-row">
              <td>{index + 1}</td>
              <td>
                <Link to={paths.session(session.sessionId)}>{dateText(session.openedAt)}</Link>
              </td>
              <td>{session.patientAlias}</td>
              <td>{session.protocolName}</td>
              <td>{session.doses.length === 0 ? 'No dose' : session.doses.join('; ')}</td>
              <td>{SESSION_STATUS_LABELS[session.status]}</td>
              <td>
                {questionnaireText('phq9', summary)}
                {summary.phq9 && summary.phq9.selfHarmItem > 0 && <strong className="status-blocked"> ⚠ item 9</strong>}
                {progress.phq9ChangePercent !== null && <span className="muted"> ({signed(progress.phq9ChangePercent, '%')})</span>}
                {progress.responseReached && <strong className="status-ok"> ✓ Response</strong>}
                {progress.remissionReached && <strong className="status-ok"> ✓ Remission</strong>}
              </td>
              <td>{questionnaireText('gad7', summary)}</td>
              <td>
                {signed(summary.peakSystolicRiseMmHg, 'mmHg')} / {signed(summary.peakDiastolicRiseMmHg, 'mmHg')}
              </td>
              <td>{summary.deepestMoaas ?? '—'}</td>
              <td>{summary.peakCadss6 ?? '—'}</td>
              <td>{summary.minutesToReadyForDischarge ?? '—'}</td>
              <td>{alarmsText(summary)}</td>
              <td>{summary.adverseEvents.length === 0 ? 'None' : summary.adverseEvents.join('; ')}</td>
              <td data-testid="integration">
                {summary.integrationBookedFor === null ? (
                  'Not booked'
                ) : (
                  <>
                    Booked for {clinicDate(summary.integrationBookedFor)}
                    {session.integrationAttendedAt !== null ? (
                      <strong className="status-ok"> ✓ Attended</strong>
                    ) : (
                      onMarkAttended && (
                        <button type="button" className="button-quiet" onClick={() => onMarkAttended(session.sessionId)}>
                          Mark attended
                        </button>
                      )
                    )}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
