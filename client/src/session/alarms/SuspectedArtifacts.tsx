import type { SuspectedArtifact } from '../../../../shared/alerts/suspects';
import { clockTime } from '../../format/time';

/** The reason stored when the nurse agrees with the rules that a jumped sample was an artifact. */
export const SUSPECTED_ARTIFACT_REASON = 'Jumped from its neighbours (suspected artifact, confirmed at the bedside)';

export interface SuspectedArtifactsProps {
  items: SuspectedArtifact[];
  /** Nurses and prescribers judge readings (reading.markArtifact and reading.confirm). */
  canJudge: boolean;
  /** Reading ids this screen has sent a judgement for that the record does not show yet. */
  sendingIds: ReadonlySet<string>;
  onArtifact(readingId: string): void;
  onReal(readingId: string): void;
}

/**
 * Monitor samples the alarm rules held back because they jumped implausibly from their
 * neighbours: shown, never sounded, each with one tap for "artifact" (struck through, with a
 * stated reason) or "real" (confirmed: a value a person stands behind sounds at once if it is
 * past a limit).
 */
export function SuspectedArtifacts({ items, canJudge, sendingIds, onArtifact, onReal }: SuspectedArtifactsProps) {
  if (items.length === 0) return null;
  return (
    <ul className="alarm-list suspect-list" aria-label="Suspected artifacts, not sounded" data-testid="suspected-artifacts">
      {items.map((item) => {
        const what = `${item.values.join(', ')} at ${clockTime(item.observedAt)}`;
        const state =
          item.suspect === 'pending'
            ? 'checking — jumped from the samples before it'
            : 'suspected artifact — jumped and came back, not sounded';
        return (
          <li
            key={item.readingId}
            className="alarm-row suspect-row"
            data-testid="suspect-row"
            data-reading-id={item.readingId}
            data-suspect={item.suspect}
          >
            <div className="alarm-row-text">
              <span className="alarm-marker" aria-hidden="true">
                ?
              </span>
              <strong className="alarm-priority">{item.suspect === 'pending' ? 'CHECKING' : 'SUSPECTED ARTIFACT'}</strong>
              <span className="alarm-message">{what}</span>
              <span className="alarm-state">{state}</span>
            </div>
            {canJudge && (
              <JudgeButtons
                readingId={item.readingId}
                what={what}
                sending={sendingIds.has(item.readingId)}
                onArtifact={onArtifact}
                onReal={onReal}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One tap each: "Artifact" strikes the reading through with a stated reason; "Real" confirms it. */
export function JudgeButtons(props: {
  readingId: string;
  what: string;
  sending: boolean;
  onArtifact(readingId: string): void;
  onReal(readingId: string): void;
}) {
  const { readingId, what, sending } = props;
  return (
    <div className="alarm-actions">
      {sending ? (
        <span className="badge badge-pending">⏳ Sending…</span>
      ) : (
        <>
          <button type="button" className="button-primary" onClick={() => props.onArtifact(readingId)} aria-label={`Artifact: ${what}`}>
            Artifact
          </button>
          <button type="button" className="button-quiet" onClick={() => props.onReal(readingId)} aria-label={`Real: ${what}`}>
            Real
          </button>
        </>
      )}
    </div>
  );
}
