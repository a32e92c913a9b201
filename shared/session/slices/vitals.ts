import type { SessionHandlers } from '../handlers';
import { insertByObservedAt, recordedEntry } from '../ordered';

export const vitalsHandlers: Pick<SessionHandlers, 'vitals.recorded'> = {
  'vitals.recorded': (state, event) => ({
    ...state,
    readings: insertByObservedAt(state.readings, {
      readingId: event.payload.readingId,
      ...recordedEntry(event),
      vitals: event.payload.vitals,
      artifact: null,
    }),
  }),
};
