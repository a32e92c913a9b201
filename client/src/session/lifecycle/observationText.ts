import { cadss6Total } from '../../../../shared/lifecycle/scales';
import { words } from '../../../../shared/observations/describe';
import type { ObservationBody } from '../../../../shared/observations/schema';

/** The timeline and the report word an observation the same way. */
export { describeObservation } from '../../../../shared/observations/describe';

/** A short chart label for an observation marker ("MOAA/S 4", "CADSS 7", "Peak"). */
export function observationMarkerLabel(body: ObservationBody): string {
  switch (body.kind) {
    case 'moaas':
      return `MOAA/S ${body.score}`;
    case 'cadss6':
      return `CADSS ${cadss6Total(body.itemScores)}`;
    case 'dissociation':
      return `Dissoc ${body.rating}/10`;
    case 'peak':
      return 'Peak';
    case 'returned_to_baseline':
      return 'Baseline';
    case 'nausea':
      return body.vomiting ? 'Vomit' : 'Nausea';
    case 'note':
      return 'Note';
    case 'score_item':
      return `${words(body.itemId)} ${body.points}`;
  }
}
