import type { z } from 'zod';
import { fail, type Failure, type Issue } from './result';

/** Hostile input can hold thousands of unknown keys or huge key names: answers stay small. */
const MAX_ISSUES = 20;
const MAX_TEXT = 200;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/**
 * Parse untrusted input with a zod schema; the failure carries every issue with its path
 * so the UI can show each message beside its field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | Failure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: Issue[] = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : clip(String(p)))),
    message: clip(issue.message),
  }));
  const first = issues[0];
  const count = parsed.error.issues.length;
  const summary = count === 1 && first ? first.message : `${count} fields need attention`;
  return fail('invalid_input', summary, issues);
}
