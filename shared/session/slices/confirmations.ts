import type { SessionHandlers } from '../handlers';

/**
 * A device reading confirmed by a nurse or prescriber: who and when go on the reading. The
 * first confirmation wins (confirming twice changes nothing); an unknown reading id, a manual
 * reading or one marked as artifact changes nothing (the command refuses those before this).
 */
export const confirmationHandlers: Pick<SessionHandlers, 'reading.confirmed'> = {
  'reading.confirmed': (state, event) => {
    const index = state.readings.findIndex((reading) => reading.readingId === event.payload.readingId);
    const reading = state.readings[index];
    if (reading === undefined || reading.confirmedBy || reading.artifact || reading.recordedBy.kind !== 'device') return state;
    const readings = [...state.readings];
    readings[index] = { ...reading, confirmedBy: event.actor, confirmedAt: event.observedAt };
    return { ...state, readings };
  },
};
