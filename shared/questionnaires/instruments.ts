import { z } from 'zod';
import { idSchema } from '../ids';

/**
 * The two public-domain questionnaires of progress across a series (CLINICAL.md "Questionnaires
 * for progress over a series"). Each item is answered 0-3 for the last two weeks; the total is
 * the sum; the severity bands are the published ones:
 * - PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
 *   severity measure. J Gen Intern Med 2001;16(9):606-613. Total 0-27: 0-4 minimal, 5-9 mild,
 *   10-14 moderate, 15-19 moderately severe, 20-27 severe.
 * - GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
 *   generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097. Total 0-21:
 *   cut-offs 5, 10, 15 for mild, moderate, severe.
 */
export const INSTRUMENTS = ['phq9', 'gad7'] as const;
export const instrumentSchema = z.enum(INSTRUMENTS, { error: 'The questionnaire is PHQ-9 or GAD-7' });
export type Instrument = z.infer<typeof instrumentSchema>;

export type Severity = 'minimal' | 'mild' | 'moderate' | 'moderately_severe' | 'severe';

export interface SeverityBand {
  severity: Severity;
  label: string;
  /** Inclusive bounds of the total. */
  fromScore: number;
  toScore: number;
}

export interface InstrumentDefinition {
  name: string;
  /** LOINC code of the total score (CLINICAL.md). */
  totalLoinc: string;
  stem: string;
  items: readonly string[];
  maxTotal: number;
  bands: readonly SeverityBand[];
}

/** The answer choices of both instruments, scored 0-3. */
export const ANSWER_LABELS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;

const STEM = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';

export const INSTRUMENT_DEFINITIONS: Record<Instrument, InstrumentDefinition> = {
  phq9: {
    name: 'PHQ-9',
    totalLoinc: '44261-6',
    stem: STEM,
    items: [
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed; or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
    ],
    maxTotal: 27,
    // Kroenke, Spitzer & Williams 2001.
    bands: [
      { severity: 'minimal', label: 'Minimal', fromScore: 0, toScore: 4 },
      { severity: 'mild', label: 'Mild', fromScore: 5, toScore: 9 },
      { severity: 'moderate', label: 'Moderate', fromScore: 10, toScore: 14 },
      { severity: 'moderately_severe', label: 'Moderately severe', fromScore: 15, toScore: 19 },
      { severity: 'severe', label: 'Severe', fromScore: 20, toScore: 27 },
    ],
  },
  gad7: {
    name: 'GAD-7',
    totalLoinc: '70274-6',
    stem: STEM,
    items: [
      'Feeling nervous, anxious, or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid, as if something awful might happen',
    ],
    maxTotal: 21,
    // Spitzer et al. 2006.
    bands: [
      { severity: 'minimal', label: 'Minimal', fromScore: 0, toScore: 4 },
      { severity: 'mild', label: 'Mild', fromScore: 5, toScore: 9 },
      { severity: 'moderate', label: 'Moderate', fromScore: 10, toScore: 14 },
      { severity: 'severe', label: 'Severe', fromScore: 15, toScore: 21 },
    ],
  },
};

/** PHQ-9 item 9 (thoughts of being better off dead or of self-harm), zero-based. */
export const PHQ9_SELF_HARM_ITEM_INDEX = 8;

const answerSchema = z
  .number({ error: 'Each answer is 0, 1, 2 or 3' })
  .int({ error: 'Each answer is 0, 1, 2 or 3' })
  .min(0, { error: 'Each answer is 0, 1, 2 or 3' })
  .max(3, { error: 'Each answer is 0, 1, 2 or 3' });

/** How a questionnaire was filled in: by a staff member asking, or by the patient on the handed-over tablet. */
export const completedBySchema = z.enum(['staff', 'patient'], { error: 'Completed by staff or by the patient' });

const answersShape = { instrument: instrumentSchema, answers: z.array(answerSchema).min(1).max(9) };

/** The instrument's item count, checked on any object holding `instrument` and `answers`. */
function everyItemAnswered(ctx: { value: { instrument: Instrument; answers: number[] }; issues: unknown[] }): void {
  const definition = INSTRUMENT_DEFINITIONS[ctx.value.instrument];
  if (ctx.value.answers.length === definition.items.length) return;
  ctx.issues.push({
    code: 'custom',
    input: ctx.value.answers,
    path: ['answers'],
    message: `${definition.name} has ${definition.items.length} items: answer every one`,
  });
}

/** One completed questionnaire: the instrument and every item's answer (no item may be skipped). */
export const questionnaireAnswersSchema = z.strictObject(answersShape).check(everyItemAnswered);

/** The stored event's payload: the questionnaire, its id and who filled it in. The score is derived, never stored. */
export const questionnaireRecordedSchema = z
  .strictObject({
    questionnaireId: idSchema,
    ...answersShape,
    completedBy: completedBySchema,
    /** Entered by the patient on the tablet handed over by the event's actor (the sign-in it carried). */
    handedOver: z.literal(true).optional(),
  })
  .check(everyItemAnswered);

export type QuestionnaireAnswers = z.infer<typeof questionnaireAnswersSchema>;

/** The total: the sum of the item answers. */
export function questionnaireTotal(answers: readonly number[]): number {
  return answers.reduce((sum, answer) => sum + answer, 0);
}

/** The published band a total falls in. A total outside 0..max is a programming error. */
export function severityBand(instrument: Instrument, total: number): SeverityBand {
  const band = INSTRUMENT_DEFINITIONS[instrument].bands.find((b) => total >= b.fromScore && total <= b.toScore);
  if (!band) throw new RangeError(`${INSTRUMENT_DEFINITIONS[instrument].name} total ${total} is outside its range`);
  return band;
}

export interface QuestionnaireScore {
  total: number;
  band: SeverityBand;
}

/** Total and band of a completed questionnaire. */
export function scoreQuestionnaire(questionnaire: QuestionnaireAnswers): QuestionnaireScore {
  const total = questionnaireTotal(questionnaire.answers);
  return { total, band: severityBand(questionnaire.instrument, total) };
}

/**
 * True when PHQ-9 item 9 is answered above 0: thoughts of being better off dead or of self-harm,
 * which needs a clinician's attention the same day (CLINICAL.md), whatever the total.
 */
export function selfHarmPositive(questionnaire: QuestionnaireAnswers): boolean {
  return questionnaire.instrument === 'phq9' && (questionnaire.answers[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0) > 0;
}
