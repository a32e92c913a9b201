import { useState } from 'react';
import type { DissociationScale } from '../../../../shared/lifecycle/config';
import { CADSS6_ITEM_NUMBERS, CADSS6_MAX_TOTAL, MOAAS_LEVELS, cadss6Total } from '../../../../shared/lifecycle/scales';
import type { ObservationBody, ObservationKind } from '../../../../shared/observations/schema';
import type { Observation } from '../../../../shared/session/state';
import { LabelledTextarea } from '../../components/LabelledInput';
import { ScaleRadioGroup } from '../../components/ScaleRadioGroup';
import { clockTime } from '../../format/time';
import type { OutboxEntry } from '../../outbox/storage';
import { describeEntry } from './describeEntry';
import { describeObservation } from './observationText';
import { PendingEntries } from './PendingEntries';
import type { SubmitCommand } from '../../realtime/submit';

export interface TherapistPanelProps {
  dissociationScale: DissociationScale;
  /** The session's observations so far: the latest of each scale shows beside it. */
  observations?: readonly Observation[];
  serverNow: () => number;
  pending: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
  /** The clinic's zone and calendar day, which its times are written in: only so that the memoised panel is redrawn when they change. */
  clinicClock?: string;
}

const CADSS_SCORES = [0, 1, 2, 3, 4] as const;

/** "Last: MOAA/S 4 — … at 10:32", or nothing before the first. */
function Latest({ observations, kinds }: { observations: readonly Observation[]; kinds: readonly ObservationKind[] }) {
  const latest = observations.findLast((observation) => kinds.includes(observation.body.kind));
  if (!latest) return null;
  return (
    <p className="muted latest-observation">
      Last: {describeObservation(latest.body)} at {clockTime(latest.observedAt)}
    </p>
  );
}
const RATINGS = Array.from({ length: 11 }, (_, rating) => rating);

/**
 * The therapist's quick entries, one press each where possible: MOAA/S with each level's
 * words, dissociation on the clinic's scale, peak, return to baseline, nausea, a note.
 */
export function TherapistPanel({ dissociationScale, observations = [], serverNow, pending, submit, onDiscard }: TherapistPanelProps) {
  const [status, setStatus] = useState<string | null>(null);
  const [moaas, setMoaas] = useState<number | null>(null);
  const [cadss, setCadss] = useState<(number | null)[]>(() => CADSS6_ITEM_NUMBERS.map(() => null));
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);

  function record(observation: ObservationBody) {
    const observedAt = Math.round(serverNow());
    void submit('observation.record', { observedAt, observation });
    setStatus(`Recorded ${describeObservation(observation)} at ${clockTime(observedAt)}.`);
  }

  const cadssComplete = cadss.every((score) => score !== null);
  const cadssScores = cadss.map((score) => score ?? 0);

  return (
    <section className="lifecycle-panel therapist-panel" aria-labelledby="therapist-title">
      <h2 id="therapist-title">Observations</h2>

      <fieldset className="quick-group">
        <legend>Sedation (MOAA/S) — press the level now</legend>
        <Latest observations={observations} kinds={['moaas']} />
        <ScaleRadioGroup
          label="MOAA/S level (arrow keys choose, Enter records)"
          className="moaas-buttons"
          optionClassName="quick-button"
          options={MOAAS_LEVELS.map((level) => ({
            value: level.score,
            label: `${level.score} ${level.label}`,
            content: (
              <>
                <span className="quick-score">{level.score}</span> <span className="quick-words">{level.label}</span>
              </>
            ),
          }))}
          value={moaas}
          onChange={setMoaas}
          onCommit={(score) => record({ kind: 'moaas', score })}
        />
      </fieldset>

      {dissociationScale === 'cadss6' ? (
        <fieldset className="quick-group">
          <legend>Dissociation (CADSS-6, each item 0-4)</legend>
          <Latest observations={observations} kinds={['cadss6', 'returned_to_baseline']} />
          {CADSS6_ITEM_NUMBERS.map((itemNumber, index) => (
            <div key={itemNumber} className="cadss-item">
              <span className="cadss-item-name" aria-hidden="true">
                Item {itemNumber}
              </span>
              <ScaleRadioGroup
                label={`CADSS item ${itemNumber}`}
                className="cadss-scores"
                optionClassName="score-button"
                options={CADSS_SCORES.map((score) => ({
                  value: score,
                  label: `Item ${itemNumber}: ${score}`,
                  content: cadss[index] === score ? `✓${score}` : score,
                }))}
                value={cadss[index] ?? null}
                onChange={(score) => setCadss((current) => current.map((value, i) => (i === index ? score : value)))}
              />
            </div>
          ))}
          <p className="cadss-total" data-testid="cadss-total" aria-live="polite">
            Total {cadss6Total(cadssScores)} of {CADSS6_MAX_TOTAL}
            {!cadssComplete && ` — ${cadss.filter((score) => score === null).length} item(s) not scored yet`}
          </p>
          <button
            type="button"
            className="button-primary"
            disabled={!cadssComplete}
            onClick={() => {
              record({ kind: 'cadss6', itemScores: cadssScores });
              setCadss(CADSS6_ITEM_NUMBERS.map(() => null));
            }}
          >
            Record CADSS-6 (total {cadss6Total(cadssScores)})
          </button>
        </fieldset>
      ) : (
        <fieldset className="quick-group">
          <legend>Dissociation rating 0-10 — press the rating now</legend>
          <Latest observations={observations} kinds={['dissociation', 'returned_to_baseline']} />
          <div className="rating-buttons">
            {RATINGS.map((rating) => (
              <button
                key={rating}
                type="button"
                className="score-button"
                aria-label={`Dissociation ${rating} of 10`}
                onClick={() => record({ kind: 'dissociation', rating })}
              >
                {rating}
              </button>
            ))}
          </div>
        </fieldset>
      )}

      <div className="quick-moments">
        <button type="button" className="quick-button" onClick={() => record({ kind: 'peak' })}>
          Peak effect now
        </button>
        <button type="button" className="quick-button" onClick={() => record({ kind: 'returned_to_baseline' })}>
          Returned to baseline now
        </button>
        <button type="button" className="quick-button" onClick={() => record({ kind: 'nausea', vomiting: false })}>
          Nausea
        </button>
        <button type="button" className="quick-button" onClick={() => record({ kind: 'nausea', vomiting: true })}>
          Vomiting
        </button>
      </div>

      <form
        className="note-form"
        onSubmit={(event) => {
          event.preventDefault();
          const text = note.trim();
          if (text === '') {
            setNoteError('Write the note first');
            return;
          }
          if (text.length > 2000) {
            setNoteError('A note is at most 2000 characters');
            return;
          }
          setNoteError(null);
          record({ kind: 'note', text });
          setNote('');
        }}
      >
        <LabelledTextarea
          id="observation-note"
          label="Note"
          rows={2}
          value={note}
          error={noteError}
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="button-quiet">
          Save note
        </button>
      </form>
      <p role="status" className="entry-status">
        {status}
      </p>
      <PendingEntries
        entries={pending}
        describe={(entry) => describeEntry(entry)}
        onDiscard={onDiscard}
        canReenter={(entry) => (entry.request.observation as ObservationBody | undefined)?.kind === 'note'}
        onReenter={(entry) => {
          const observation = entry.request.observation as ObservationBody;
          if (observation.kind === 'note') setNote(observation.text);
          onDiscard(entry.commandId);
        }}
      />
    </section>
  );
}
