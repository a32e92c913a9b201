import { useState } from 'react';
import {
  ANSWER_LABELS,
  INSTRUMENT_DEFINITIONS,
  INSTRUMENTS,
  questionnaireTotal,
  severityBand,
  type Instrument,
} from '../../../../shared/questionnaires/instruments';
import type { QuestionnaireRecord } from '../../../../shared/session/state';
import { ScaleRadioGroup } from '../../components/ScaleRadioGroup';
import { clockTime } from '../../format/time';
import { describeActor } from '../../../../shared/session/actor';
import type { OutboxEntry } from '../../outbox/storage';
import type { SubmitCommand } from '../../realtime/submit';
import { describeEntry } from './describeEntry';
import { PendingEntries } from './PendingEntries';

export interface QuestionnairePanelProps {
  questionnaires: readonly QuestionnaireRecord[];
  serverNow: () => number;
  pending: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
  /** Hands the tablet to the patient for this questionnaire (the handover screen); answers a refusal's words, or null. */
  onHandOver?: (instrument: Instrument) => Promise<string | null>;
  /** The clinic's zone and calendar day, which its times are written in: only so that the memoised panel is redrawn when they change. */
  clinicClock?: string;
}

/** "PHQ-9 12 — Moderate (asked by staff) at 09:12"; "(by the patient on the tablet handed over by Dana)". */
export function describeQuestionnaire(
  record: Pick<QuestionnaireRecord, 'instrument' | 'total' | 'completedBy'> & {
    observedAt?: number;
    handedOverBy?: QuestionnaireRecord['handedOverBy'];
  },
): string {
  const band = severityBand(record.instrument, record.total);
  const who = record.handedOverBy
    ? `by the patient on the tablet handed over by ${describeActor(record.handedOverBy)}`
    : record.completedBy === 'patient'
      ? 'by the patient'
      : 'asked by staff';
  return `${INSTRUMENT_DEFINITIONS[record.instrument].name} ${record.total} — ${band.label} (${who})${record.observedAt !== undefined ? ` at ${clockTime(record.observedAt)}` : ''}`;
}

/** Before the dose: PHQ-9 and GAD-7, asked by a clinician here or handed over to the patient. */
export function QuestionnairePanel({ questionnaires, serverNow, pending, submit, onDiscard, onHandOver }: QuestionnairePanelProps) {
  const [asking, setAsking] = useState<Instrument | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section className="lifecycle-panel questionnaire-panel" aria-labelledby="questionnaires-title">
      <h2 id="questionnaires-title">Questionnaires before the dose</h2>
      {questionnaires.length > 0 && (
        <ul className="questionnaire-results" data-testid="questionnaire-results">
          {questionnaires.map((record) => (
            <li key={record.questionnaireId}>
              {describeQuestionnaire(record)}
              {record.instrument === 'phq9' && (record.answers[8] ?? 0) > 0 && (
                <strong className="status-blocked"> ⚠ Item 9 answered above 0: thoughts of self-harm</strong>
              )}
            </li>
          ))}
        </ul>
      )}
      {asking === null ? (
        <div className="entry-actions">
          {INSTRUMENTS.map((instrument) => (
            <span key={instrument} className="questionnaire-start">
              <button type="button" className="button-primary" onClick={() => setAsking(instrument)}>
                Ask {INSTRUMENT_DEFINITIONS[instrument].name}
              </button>
              {onHandOver && (
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => void onHandOver(instrument).then((refusal) => refusal && setStatus(`Not handed over: ${refusal}`))}
                >
                  Hand {INSTRUMENT_DEFINITIONS[instrument].name} to the patient
                </button>
              )}
            </span>
          ))}
        </div>
      ) : (
        <QuestionnaireForm
          instrument={asking}
          large={false}
          onCancel={() => setAsking(null)}
          onComplete={(answers) => {
            void submit('questionnaire.record', {
              observedAt: Math.round(serverNow()),
              questionnaire: { instrument: asking, answers },
              completedBy: 'staff',
            });
            setStatus(
              `Recorded ${describeQuestionnaire({ instrument: asking, total: questionnaireTotal(answers), completedBy: 'staff' })}.`,
            );
            setAsking(null);
          }}
        />
      )}
      {status && (
        <p role="status" className="muted">
          {status}
        </p>
      )}
      <PendingEntries entries={pending} describe={(entry) => describeEntry(entry)} onDiscard={onDiscard} />
    </section>
  );
}

/**
 * One questionnaire, every item a 0-3 radio group with the published answer words; it is
 * complete only when every item is answered. `large` is the patient's handover layout.
 */
export function QuestionnaireForm({
  instrument,
  large,
  onComplete,
  onCancel,
}: {
  instrument: Instrument;
  large: boolean;
  onComplete: (answers: number[]) => void;
  onCancel?: () => void;
}) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const [answers, setAnswers] = useState<(number | null)[]>(() => definition.items.map(() => null));
  const [missing, setMissing] = useState(false);
  const complete = answers.every((answer) => answer !== null);
  return (
    <form
      className={large ? 'questionnaire-form questionnaire-large' : 'questionnaire-form'}
      aria-label={definition.name}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!complete) {
          setMissing(true);
          return;
        }
        onComplete(answers.map((answer) => answer ?? 0));
      }}
    >
      <h3>{definition.name}</h3>
      <p>{definition.stem}</p>
      <ol className="questionnaire-items">
        {definition.items.map((item, index) => (
          <li key={item}>
            <p className="questionnaire-item">{item}</p>
            <ScaleRadioGroup
              label={`${definition.name} item ${index + 1}`}
              className="questionnaire-scale"
              optionClassName="score-button questionnaire-option"
              value={answers[index] ?? null}
              onChange={(value) => setAnswers((current) => current.map((answer, i) => (i === index ? value : answer)))}
              options={ANSWER_LABELS.map((words, value) => ({
                value,
                label: `Item ${index + 1}: ${words} (${value})`,
                content: (
                  <>
                    <span className="scale-score">{value}</span> {words}
                  </>
                ),
              }))}
            />
            {missing && answers[index] === null && <span className="field-error">⚠ Answer this question</span>}
          </li>
        ))}
      </ol>
      {!large && complete && (
        <p className="muted">
          Total {questionnaireTotal(answers.map((a) => a ?? 0))} —{' '}
          {severityBand(instrument, questionnaireTotal(answers.map((a) => a ?? 0))).label}
        </p>
      )}
      <div className="entry-actions">
        <button type="submit" className="button-primary">
          {large ? 'Done' : `Record ${definition.name}`}
        </button>
        {onCancel && (
          <button type="button" className="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
