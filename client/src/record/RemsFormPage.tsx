import { useEffect, useState, type FormEvent } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { may } from '../../../shared/policy';
import {
  CONCOMITANT_LABELS,
  CONCOMITANT_MEDICINES,
  type RemsAnswers,
  type RemsForm,
  type RemsFormRecord,
  type RemsSuggestion,
} from '../../../shared/record/remsForm';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { Facts } from './Facts';
import { recordApi } from './recordApi';
import './record.css';
import { clockTime } from '../format/time';

type YesNo = 'yes' | 'no';
type Draft = Partial<Omit<RemsAnswers, 'concomitantMedicines'>> & { concomitantMedicines: Partial<RemsAnswers['concomitantMedicines']> };
const QUESTIONS = [
  ['sedation', 'Did the patient experience sedation?'],
  ['dissociation', 'Did the patient experience dissociation?'],
  ['respiratoryDepression', 'Did the patient experience respiratory depression?'],
  ['vitalsAcceptableBeforeDosing', 'Were vital signs acceptable before dosing?'],
  ['vitalsAcceptableBeforeDischarge', 'Were vital signs acceptable before discharge?'],
] as const;

function YesNoField({
  name,
  legend,
  value,
  onChange,
  suggestion,
  disabled,
}: {
  name: string;
  legend: string;
  value: YesNo | undefined;
  onChange: (v: YesNo) => void;
  suggestion?: RemsSuggestion;
  disabled: boolean;
}) {
  return (
    <fieldset className="rems-question" disabled={disabled}>
      <legend>{legend}</legend>
      {suggestion && (
        <p className="muted">
          The record suggests: <strong>{suggestion.answer ?? 'no suggestion'}</strong> — {suggestion.evidence}
        </p>
      )}
      <div className="rems-options">
        {(['yes', 'no'] as const).map((option) => (
          <label key={option}>
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            {option === 'yes' ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The Spravato REMS Patient Monitoring Form: filled from the record; a prescriber answers, signs and marks it submitted. */
export function RemsFormPage({ sessionId, user }: { sessionId: string; user: CurrentUser }) {
  const [form, setForm] = useState<RemsForm | null>(null);
  const [record, setRecord] = useState<RemsFormRecord | null>(null);
  const [draft, setDraft] = useState<Draft>({ concomitantMedicines: {} });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    void recordApi.rems(sessionId).then((answer) => {
      setLoading(false);
      if (!answer.ok) return setMessage({ text: answer.error.message, error: true });
      setForm(answer.form);
      setRecord(answer.record);
      if (answer.record?.answers) setDraft(answer.record.answers);
    });
  }, [sessionId]);

  if (loading) return <p className="page muted">Loading the REMS form…</p>;
  if (!form) {
    return (
      <main className="page">
        <h1>REMS monitoring form</h1>
        <p role={message?.error ? 'alert' : undefined}>
          {message?.text ?? 'This session is not a Spravato session: there is no REMS form to file.'}
        </p>
      </main>
    );
  }
  const canSign = may(user.role, 'rems.sign') && form.status !== 'submitted';
  const sign = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await recordApi.signRems(sessionId, draft as RemsAnswers);
    if (!answer.ok)
      return setMessage({
        text: `${answer.error.message}${answer.error.issues.length ? `: ${answer.error.issues.map((i) => i.message).join('; ')}` : ''}`,
        error: true,
      });
    setForm(answer.form);
    setRecord(answer.record);
    setMessage({ text: 'Signed.', error: false });
  };
  const submit = async () => {
    const answer = await recordApi.submitRems(sessionId);
    if (!answer.ok) return setMessage({ text: answer.error.message, error: true });
    setForm(answer.form);
    setRecord(answer.record);
    setMessage({ text: 'Marked submitted.', error: false });
  };
  return (
    <main className="page record-page">
      <nav className="report-actions no-print" aria-label="Form actions">
        <Link to={paths.report(sessionId)}>Session report</Link>
        <button type="button" className="button-quiet" onClick={() => window.print()}>
          Print
        </button>
      </nav>
      <h1>Spravato REMS Patient Monitoring Form</h1>
      <p>
        Status:{' '}
        <strong>
          {form.status === 'due'
            ? 'Not yet signed'
            : form.status === 'signed'
              ? `Signed by ${record?.signedBy?.displayName ?? ''}`
              : `Submitted by ${record?.submittedBy?.displayName ?? ''}`}
        </strong>{' '}
        · due by {form.dueByText}
      </p>
      {record?.signedAt != null && (
        <p data-testid="rems-signature">
          Signed by {record.signedBy?.displayName} at {clockTime(record.signedAt)}
          {record.submittedAt != null && ` · marked submitted by ${record.submittedBy?.displayName} at ${clockTime(record.submittedAt)}`}
        </p>
      )}
      {form.changedSinceSigning.length > 0 && (
        <div className="status-blocked" role="status" data-testid="rems-changed">
          <p>
            ⚠ The record was corrected after this form was signed. The form shows what was signed;
            {form.status === 'submitted' ? ' report the correction to the REMS:' : ' sign again to send the corrected form:'}
          </p>
          <ul>
            {form.changedSinceSigning.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </div>
      )}
      <h2>From the record</h2>
      <Facts
        items={[
          ['Patient', form.patientAlias],
          ['Dose', form.doseLabel],
          ['Lot', form.lotNumbers],
          ['First device', form.firstDevice],
          ['Total monitoring', form.totalMonitoringMinutes === null ? 'not yet known' : `${form.totalMonitoringMinutes} min`],
          ['Ready to leave', form.readyToLeave],
        ]}
      />
      <ul>
        {form.bloodPressures.map((bp) => (
          <li key={bp.label}>
            Blood pressure {bp.label.toLowerCase()}: {bp.text}
          </li>
        ))}
      </ul>
      <form onSubmit={sign} aria-label="Clinician answers">
        <fieldset className="rems-question" disabled={!canSign}>
          <legend>Concomitant medicines</legend>
          <p className="muted">The record: {form.suggestions.concomitantMedicines.evidence}</p>
          {CONCOMITANT_MEDICINES.map((key) => (
            <YesNoField
              key={key}
              name={`cm-${key}`}
              legend={CONCOMITANT_LABELS[key]}
              value={draft.concomitantMedicines[key]}
              disabled={!canSign}
              onChange={(v) => setDraft({ ...draft, concomitantMedicines: { ...draft.concomitantMedicines, [key]: v } })}
            />
          ))}
        </fieldset>
        {QUESTIONS.map(([key, legend]) => (
          <YesNoField
            key={key}
            name={key}
            legend={legend}
            value={draft[key]}
            suggestion={form.suggestions[key]}
            disabled={!canSign}
            onChange={(v) => setDraft({ ...draft, [key]: v })}
          />
        ))}
        <label className="rems-site">
          Monitoring site
          <input
            value={draft.monitoringSite ?? ''}
            disabled={!canSign}
            onChange={(e) => setDraft({ ...draft, monitoringSite: e.target.value })}
          />
        </label>
        {canSign && (
          <button type="submit" className="button-primary">
            Sign the form as {user.displayName}
          </button>
        )}
      </form>
      {may(user.role, 'rems.submit') && form.status === 'signed' && (
        <button type="button" className="button-primary" onClick={() => void submit()}>
          Mark submitted to the REMS
        </button>
      )}
      {!may(user.role, 'rems.sign') && <p className="muted">Only a prescriber can complete, sign and submit this form.</p>}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'field-error' : undefined}>
          {message.text}
        </p>
      )}
    </main>
  );
}
