import type { SessionHandlers } from '../handlers';
import { insertByObservedAt } from '../ordered';

export const vitalsHandlers: Pick<SessionHandlers, 'vitals.recorded'> = {
  'vitals.recorded': (state, event) => ({
    ...state,
    readings: insertByObservedAt(state.readings, {
      readingId: event.payload.readingId,
      seq: event.seq,
      observedAt: event.observedAt,
      recordedAt: event.recordedAt,
      vitals: event.payload.vitals,
      recordedBy: event.actor,
      artifact: null,
    }),
  }),
};
