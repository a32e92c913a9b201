import type { z } from 'zod';
import { fail, type Failure, type Issue } from './result';

/** Hostile input can hold thousands of unknown keys or huge key names: answers stay small. */
const MAX_ISSUES = 20;
const MAX_TEXT = 200;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/**
 * Control characters a person never types (C0 but tab, line feed and carriage return; DEL; C1).
 * Stored, they corrupt a printed report, a CSV cell or an HL7 segment, or hide text on a screen.
 */
function isControlCharacter(code: number): boolean {
  const typed = code === 0x09 || code === 0x0a || code === 0x0d;
  return (code <= 0x1f && !typed) || (code >= 0x7f && code <= 0x9f);
}

function holdsControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (isControlCharacter(text.charCodeAt(index))) return true;
  return false;
}

const CONTROL_MESSAGE = 'Remove the control characters (they cannot be shown or printed)';

/** The paths of every string in `value` that holds a control character. */
function controlCharacterPaths(value: unknown, path: (string | number)[] = [], found: (string | number)[][] = []) {
  if (found.length >= MAX_ISSUES) return found;
  if (typeof value === 'string') {
    if (holdsControlCharacter(value)) found.push(path.map((p) => (typeof p === 'number' ? p : clip(p))));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => controlCharacterPaths(item, [...path, index], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) controlCharacterPaths(item, [...path, key], found);
  }
  return found;
}

function failure(issues: Issue[], count: number): Failure {
  const first = issues[0];
  return fail('invalid_input', count === 1 && first ? first.message : `${count} fields need attention`, issues);
}

/**
 * Parse what is already stored (a protocol version read back): the schema alone. Text stored
 * before a rule was added stays readable.
 */
export function parseStored<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | Failure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: Issue[] = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : clip(String(p)))),
    message: clip(issue.message),
  }));
  return failure(issues, parsed.error.issues.length);
}

/**
 * Parse untrusted input with a zod schema; the failure carries every issue with its path
 * so the UI can show each message beside its field. Beyond the schema, no accepted text
 * holds a control character (inbound only: `parseStored` reads back what is stored).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | Failure {
  const parsed = parseStored(schema, input);
  if (!parsed.ok) return parsed;
  const paths = controlCharacterPaths(parsed.value);
  if (paths.length === 0) return parsed;
  return failure(
    paths.map((path) => ({ path, message: CONTROL_MESSAGE })),
    paths.length,
  );
}
