import { CADSS6_MAX_TOTAL, cadss6Total, moaasLabel } from '../lifecycle/scales';
import type { ObservationBody } from './schema';

/** An id in words: "padss" -> "padss", "activity_mental_status" -> "activity mental status". */
export function words(id: string): string {
  return id.replace(/[_-]+/g, ' ');
}

/** An observation in words for the timeline and the report ("MOAA/S 4 — Lethargic response …"). */
export function describeObservation(body: ObservationBody): string {
  switch (body.kind) {
    case 'moaas':
      return `MOAA/S ${body.score} — ${moaasLabel(body.score)}`;
    case 'cadss6':
      return `CADSS-6 total ${cadss6Total(body.itemScores)} of ${CADSS6_MAX_TOTAL} (items ${body.itemScores.join(', ')})`;
    case 'dissociation':
      return `Dissociation ${body.rating}/10`;
    case 'peak':
      return 'Peak effect';
    case 'returned_to_baseline':
      return 'Returned to baseline';
    case 'nausea':
      return body.vomiting ? 'Vomiting' : 'Nausea';
    case 'note':
      return `Note: ${body.text}`;
    case 'score_item':
      return `Discharge score ${words(body.scoreId)}, ${words(body.itemId)}: ${body.points} point${body.points === 1 ? '' : 's'}`;
  }
}
