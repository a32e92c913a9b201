import { scoreQuestionnaire } from '../../questionnaires/instruments';
import type { SessionHandlers } from '../handlers';

export const questionnaireHandlers: Pick<SessionHandlers, 'questionnaire.recorded'> = {
  'questionnaire.recorded': (state, event) => {
    const { questionnaireId, instrument, answers, completedBy } = event.payload;
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
        },
      ],
    };
  },
};
