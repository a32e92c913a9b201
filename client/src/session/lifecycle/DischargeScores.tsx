import type { DischargeScore } from '../../../../shared/lifecycle/scoreConfig';
import type { ScoreEvaluation } from '../../../../shared/lifecycle/scores';
import type { Role } from '../../../../shared/roles';
import type { SubmitCommand } from '../../realtime/submit';

export interface DischargeScoresProps {
  scores: ScoreEvaluation[];
  /** The protocol's score definitions: the options of each item and who may score it. */
  definitions: readonly DischargeScore[];
  role: Role;
  /** Server time now: a person's score is an observation at this time. */
  now: number;
  editable: boolean;
  submit: SubmitCommand;
}

/**
 * Each discharge score as the published sheet reads: every item with its points, the words
 * of that level and where they came from (the record, or a named person), the total and the
 * pass mark. Items the record cannot know have one large button per level for the roles the
 * protocol allows; the latest score since the dose counts.
 */
export function DischargeScores({ scores, definitions, role, now, editable, submit }: DischargeScoresProps) {
  return (
    <>
      {scores.map((score) => {
        const definition = definitions.find((d) => d.id === score.id);
        return (
          <section
            key={score.id}
            className="discharge-score"
            aria-labelledby={`score-${score.id}-title`}
            data-testid={`discharge-score-${score.id}`}
          >
            <h3 id={`score-${score.id}-title`}>
              {score.name}:{' '}
              <span className={score.passes ? 'status-ok' : 'status-blocked'} data-testid={`score-${score.id}-total`}>
                {score.passes ? '✓' : '✕'} {score.total} of {score.max}
              </span>{' '}
              <span className="muted">(discharge at {score.passAtTotal} or more)</span>
            </h3>
            <ul className="discharge-items">
              {score.items.map((item) => {
                const itemDefinition = definition?.items.find((i) => i.id === item.id);
                const source = itemDefinition?.source;
                const canScore = editable && source?.kind === 'person' && source.rolesAllowed.includes(role);
                const full = item.points === item.maxPoints;
                return (
                  <li
                    key={item.id}
                    className={`discharge-item score-item ${full ? 'item-pass' : 'item-fail'}`}
                    data-testid={`score-item-${score.id}-${item.id}`}
                  >
                    <span className="item-mark" aria-hidden="true">
                      {item.points === null ? '–' : item.points}
                    </span>
                    <span>
                      <strong>{item.label}</strong>{' '}
                      <span>
                        {item.points === null ? 'not scored yet' : `${item.points} of ${item.maxPoints}: ${item.optionLabel ?? ''}`}
                      </span>
                      <span className="item-reason"> — {item.scoredBy === 'record' ? `from the record: ${item.reason}` : item.reason}</span>
                      {canScore && itemDefinition && (
                        <span className="rating-buttons score-options" role="group" aria-label={`Score ${item.label}`}>
                          {itemDefinition.options.map((option) => (
                            <button
                              key={option.points}
                              type="button"
                              className="score-button"
                              aria-pressed={item.points === option.points}
                              aria-label={`${item.label}: ${option.points}, ${option.label}`}
                              onClick={() =>
                                void submit('observation.record', {
                                  observedAt: Math.round(now),
                                  observation: { kind: 'score_item', scoreId: score.id, itemId: item.id, points: option.points },
                                })
                              }
                            >
                              {option.points} <span className="quick-words">{option.label}</span>
                            </button>
                          ))}
                        </span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </>
  );
}
