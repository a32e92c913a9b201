import { createHash } from 'node:crypto';
import { z } from 'zod';
import { component, parseHl7, repetitions } from '../../../../shared/hl7/message';
import { parseOruR01 } from '../../../../shared/hl7/oru';

/** parseOruR01's answer, as JSON: a result (ok or not) with whatever else it holds. */
const oruAnswerSchema = z.looseObject({ ok: z.boolean() });

export const goldenCaseSchema = z.strictObject({
  text: z.string(),
  defaultOffsetMinutes: z.number(),
  oru: oruAnswerSchema,
  /** A digest of what parseHl7, component and repetitions answer for every field (see fieldAnswers). */
  fields: z.string(),
});

export type GoldenCase = z.infer<typeof goldenCaseSchema>;

/** The configured offsets the cases cycle through (times written without one take it). */
export const DEFAULT_OFFSETS = [0, 60, -300];

/**
 * Everything the segment readers answer for a message: each field's repetitions and its
 * first components of the first two repetitions. The MLLP sender and the intake use these directly.
 */
function fieldAnswers(text: string): unknown {
  const parsed = parseHl7(text);
  if (!parsed.ok) return parsed;
  const { message } = parsed;
  return message.segments.map((segment) =>
    segment.fields.map((_, n) => [
      repetitions(message, segment, n),
      [0, 1].map((repetition) => [1, 2, 3].map((index) => component(message, segment, n, index, repetition))),
    ]),
  );
}

/** The parser's answers for one input, as the golden file holds them. */
export function answer(text: string, defaultOffsetMinutes: number): GoldenCase {
  const oru = oruAnswerSchema.parse(JSON.parse(JSON.stringify(parseOruR01(text, { defaultOffsetMinutes }))));
  const fields = createHash('sha256')
    .update(JSON.stringify(fieldAnswers(text)))
    .digest('hex')
    .slice(0, 24);
  return { text, defaultOffsetMinutes, oru, fields };
}
