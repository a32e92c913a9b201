import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseInput, parseStored } from '../../shared/validation';

const noteSchema = z.strictObject({
  text: z.string().max(2000),
  reasons: z.array(z.string()).optional(),
  nested: z.strictObject({ name: z.string() }).optional(),
});

describe('text accepted from people and devices', () => {
  it.each([
    ['plain text', 'BP repeated after cuff refit', true],
    ['line breaks and tabs (a typed note)', 'line one\nline two\r\n\tindented', true],
    ['accents and symbols', 'Zoë — 5 µg, ≥ 2 h ✓', true],
    ['emoji', 'calm 🙂', true],
    ['NUL', 'a\u0000b', false],
    ['bell', 'a\u0007', false],
    ['escape (terminal colours)', '\u001b[31mred', false],
    ['vertical tab', 'a\u000Bb', false],
    ['form feed', 'a\u000Cb', false],
    ['unit separator', 'a\u001Fb', false],
    ['DEL', 'a\u007Fb', false],
    ['C1 control (next line)', 'a\u0085b', false],
    ['last C1 control', 'a\u009Fb', false],
    ['no-break space, just past C1', 'a\u00A0b', true],
  ])('%s: accepted %s', (_name, text, accepted) => {
    const result = parseInput(noteSchema, { text });
    expect(result.ok).toBe(accepted);
    if (!result.ok) {
      expect(result.error).toMatchObject({
        code: 'invalid_input',
        message: 'Remove the control characters (they cannot be shown or printed)',
        issues: [{ path: ['text'] }],
      });
    }
  });

  it('names every field that holds one, in arrays and nested objects', () => {
    const result = parseInput(noteSchema, { text: 'a\u0000', reasons: ['fine', 'b\u0001'], nested: { name: '\u007f' } });
    expect(result).toMatchObject({
      ok: false,
      error: { message: '3 fields need attention', issues: [{ path: ['text'] }, { path: ['reasons', 1] }, { path: ['nested', 'name'] }] },
    });
  });

  it('reports a schema problem before a text one', () => {
    const result = parseInput(noteSchema, { text: 'a\u0000', extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues.map((issue) => issue.message)).not.toContain(
        'Remove the control characters (they cannot be shown or printed)',
      );
  });

  it('reads back what is already stored with the schema alone', () => {
    expect(parseStored(noteSchema, { text: 'stored before\u0000' })).toEqual({ ok: true, value: { text: 'stored before\u0000' } });
  });
});
