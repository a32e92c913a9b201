import type { SessionHandlers } from '../handlers';
import { insertByObservedAt, recordedEntry } from '../ordered';

export const observationHandlers: Pick<SessionHandlers, 'observation.recorded'> = {
  'observation.recorded': (state, event) => ({
    ...state,
    observations: insertByObservedAt(state.observations, {
      observationId: event.payload.observationId,
      ...recordedEntry(event),
      body: event.payload.observation,
    }),
  }),
};
