import type { SessionHandlers } from '../handlers';

/**
 * A reading marked as artifact stays in the record, struck through; rules ignore it. The
 * first mark wins (marking twice changes nothing); an unknown reading id changes nothing.
 */
export const artifactHandlers: Pick<SessionHandlers, 'reading.artifactMarked'> = {
  'reading.artifactMarked': (state, event) => {
    const index = state.readings.findIndex((reading) => reading.readingId === event.payload.readingId);
    const reading = state.readings[index];
    if (reading === undefined || reading.artifact) return state;
    const readings = [...state.readings];
    readings[index] = {
      ...reading,
      artifact: { reason: event.payload.reason, markedBy: event.actor, markedAt: event.observedAt },
    };
    return { ...state, readings };
  },
};
