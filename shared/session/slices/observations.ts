import type { SessionHandlers } from '../handlers';
import { insertByObservedAt } from '../ordered';

export const observationHandlers: Pick<SessionHandlers, 'observation.recorded'> = {
  'observation.recorded': (state, event) => ({
    ...state,
    observations: insertByObservedAt(state.observations, {
      observationId: event.payload.observationId,
      seq: event.seq,
      observedAt: event.observedAt,
      recordedAt: event.recordedAt,
      body: event.payload.observation,
      recordedBy: event.actor,
    }),
  }),
};
