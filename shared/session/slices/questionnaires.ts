import { scoreQuestionnaire } from '../../questionnaires/instruments';
import type { SessionHandlers } from '../handlers';

export const questionnaireHandlers: Pick<SessionHandlers, 'questionnaire.recorded' | 'questionnaire.handedOver'> = {
  'questionnaire.recorded': (state, event) => {
    const { questionnaireId, instrument, answers, completedBy, handedOver } = event.payload;
    const { total, band } = scoreQuestionnaire({ instrument, answers });
    return {
      ...state,
      questionnaires: [
        ...state.questionnaires,
        {
          questionnaireId,
          instrument,
          answers,
          total,
          severity: band.severity,
          completedBy,
          seq: event.seq,
          observedAt: event.observedAt,
          recordedBy: event.actor,
          handedOverBy: handedOver ? event.actor : null,
        },
      ],
    };
  },
  // The handover itself changes nothing of the state: the answers, when they come, say they were the patient's.
  'questionnaire.handedOver': (state) => state,
};
