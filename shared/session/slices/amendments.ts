import type { SessionHandlers } from '../handlers';
import type { Dose } from '../state';
import { withDoses } from './dosing';

/**
 * Corrections never rewrite the record: the amendment is kept with its reason, and the few
 * derived facts it corrects (a dose's time or lot) are updated in state.
 */
export const amendmentHandlers: Pick<SessionHandlers, 'amendment.recorded'> = {
  'amendment.recorded': (state, event) => {
    const { targetSeq, reason, change } = event.payload;
    const amended = {
      ...state,
      amendments: [
        ...state.amendments,
        { seq: event.seq, targetSeq, reason, change, amendedAt: event.observedAt, recordedAt: event.recordedAt, amendedBy: event.actor },
      ],
    };
    if (change.kind === 'note') return amended;
    const patch = (dose: Dose): Dose =>
      change.kind === 'dose_time' ? { ...dose, administeredAt: change.administeredAt } : { ...dose, lotNumber: change.lotNumber };
    return withDoses(
      amended,
      state.doses.map((dose) => (dose.seq === targetSeq ? patch(dose) : dose)),
    );
  },
};
