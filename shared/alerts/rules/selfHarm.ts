import { ANSWER_LABELS, INSTRUMENT_DEFINITIONS, PHQ9_SELF_HARM_ITEM_INDEX } from '../../questionnaires/instruments';
import type { SessionState } from '../../session/state';
import { idPart } from '../hash';
import type { AlarmCondition } from '../types';

/** The alarm id of one PHQ-9's item 9. */
export function selfHarmAlarmId(questionnaireId: string): string {
  return `phq9-item9:${idPart(questionnaireId)}`;
}

/**
 * PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0 needs a
 * clinician's attention the same day, whatever the total (CLINICAL.md "Questionnaires for
 * progress over a series"): a high alarm, one per questionnaire, present until someone
 * acknowledges it (the acknowledgement is the record that a clinician has taken it up; the
 * answer itself never changes, so the condition cannot "clear" on its own). The planner
 * escalates it to the prescriber at once (`escalatesAtOnce`).
 */
export function selfHarmConditions(state: SessionState): AlarmCondition[] {
  const conditions: AlarmCondition[] = [];
  for (const questionnaire of state.questionnaires) {
    const answer = questionnaire.answers[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0;
    if (questionnaire.instrument !== 'phq9' || answer === 0) continue;
    const alarmId = selfHarmAlarmId(questionnaire.questionnaireId);
    if (state.alarms.some((record) => record.alarmId === alarmId && record.acknowledgements.length > 0)) continue;
    conditions.push({
      alarmId,
      kind: 'self_harm',
      priority: 'high',
      technical: false,
      message: `PHQ-9 item 9: thoughts of self-harm, answered “${ANSWER_LABELS[answer]}” — a clinician speaks with the patient before the dose (“${INSTRUMENT_DEFINITIONS.phq9.items[PHQ9_SELF_HARM_ITEM_INDEX]}”)`,
      recheck: false,
      value: answer,
    });
  }
  return conditions;
}
