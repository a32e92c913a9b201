import type { z } from 'zod';
import { fail, type Failure, type Issue } from './result';

/**
 * Parse untrusted input with a zod schema; the failure carries every issue with its path
 * so the UI can show each message beside its field.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | Failure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: Issue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0];
  const summary =
    issues.length === 1 && first ? first.message : `${issues.length} fields need attention`;
  return fail('invalid_input', summary, issues);
}
