import { selectBaseline } from '../selectors';
import type { SessionHandlers } from '../handlers';
import type { ChecklistTick } from '../state';

type ChecklistEvents = 'checklist.itemTicked' | 'checklist.itemUnticked' | 'predose.advisoryAcknowledged';

export const checklistHandlers: Pick<SessionHandlers, ChecklistEvents> = {
  'checklist.itemTicked': (state, event) => {
    const { checklist, itemId, note, date } = event.payload;
    const tick: ChecklistTick = {
      itemId,
      seq: event.seq,
      tickedAt: event.observedAt,
      tickedBy: event.actor,
      ...(note !== undefined ? { note } : {}),
      ...(date !== undefined ? { date } : {}),
    };
    return {
      ...state,
      checklists: { ...state.checklists, [checklist]: { ...state.checklists[checklist], [itemId]: tick } },
    };
  },

  'checklist.itemUnticked': (state, event) => {
    const { checklist, itemId } = event.payload;
    const { [itemId]: _removed, ...rest } = state.checklists[checklist];
    return { ...state, checklists: { ...state.checklists, [checklist]: rest } };
  },

  // The acknowledgement keeps the baseline it was given for: a later, higher baseline needs a new one.
  'predose.advisoryAcknowledged': (state, event) => {
    const baseline = selectBaseline(state);
    return {
      ...state,
      predoseAdvisoryAcknowledgement: {
        seq: event.seq,
        acknowledgedAt: event.observedAt,
        acknowledgedBy: event.actor,
        ...(event.payload.reason !== undefined ? { reason: event.payload.reason } : {}),
        baselineReadingId: baseline?.readingId ?? null,
        baselineSystolicMmHg: baseline?.vitals.systolicMmHg ?? null,
        baselineDiastolicMmHg: baseline?.vitals.diastolicMmHg ?? null,
      },
    };
  },
};
