import { DISPOSITION_LABELS } from '../../../../shared/session/state';
import type { ObservationBody } from '../../../../shared/observations/schema';
import type { OutboxEntry } from '../../outbox/storage';
import { describeObservation } from './observationText';

/** A queued or refused lifecycle entry in a few words, for its panel's list. */
export function describeEntry(entry: OutboxEntry, itemLabel: (itemId: string) => string = (id) => id): string {
  const request = entry.request as Record<string, unknown>;
  switch (entry.event) {
    case 'checklist.tick':
      return `Tick "${itemLabel(String(request.itemId))}"`;
    case 'checklist.untick':
      return `Untick "${itemLabel(String(request.itemId))}"`;
    case 'predose.acknowledgeAdvisory':
      return 'Acknowledge the baseline';
    case 'dose.record':
      return request.doseMg !== undefined
        ? `Dose ${String(request.doseMg)} mg`
        : `Dose ${String(request.mgPerKg)} mg/kg × ${String(request.weightKg)} kg`;
    case 'observation.record':
      return describeObservation(request.observation as ObservationBody);
    case 'session.discharge':
      if (request.disposition === 'emergency_transfer' || request.disposition === 'against_advice')
        return DISPOSITION_LABELS[request.disposition];
      return request.overrideReason ? 'Discharge with override' : 'Discharge';
    case 'session.endEarly':
      return 'End the session early';
    case 'amendment.record':
      return `Correction: ${String(request.reason)}`;
    case 'questionnaire.record': {
      const questionnaire = request.questionnaire as { instrument?: string } | undefined;
      return questionnaire?.instrument === 'gad7' ? 'GAD-7' : 'PHQ-9';
    }
    case 'session.open':
      return `Open a session for ${String(request.patientAlias)}`;
    default:
      return entry.event;
  }
}
