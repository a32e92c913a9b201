import type { Failure } from '../../../shared/result';

/** The message for one field of a failure, to show beside that field. */
export function fieldMessage(failure: Failure | null, field: string): string | null {
  return failure?.error.issues.find((issue) => issue.path[0] === field)?.message ?? null;
}

/**
 * Each named field's message, to show beside that field, and `other`: the failure's own message
 * when none of those fields has one, to show under the form (so a refusal is never silent).
 */
export function fieldMessages<Field extends string>(
  failure: Failure | null,
  fields: readonly Field[],
): Record<Field, string | null> & { other: string | null } {
  const byField = Object.fromEntries(fields.map((field) => [field, fieldMessage(failure, field)])) as Record<Field, string | null>;
  const placed = fields.some((field) => byField[field] !== null);
  return { ...byField, other: failure && !placed ? failure.error.message : null };
}
