import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOruR01 } from '../../../shared/hl7/oru';
import { vitalSetSchema } from '../../../shared/vitals/schema';
import { continuaStyle, geStyle, ihePcd01, mindrayStyle } from './samples';

const options = { defaultOffsetMinutes: 0 };

/** Whatever comes in, the parser answers with data: readings that are valid vital sets, or a failure. */
function checkAnswer(text: string) {
  const result = parseOruR01(text, options);
  if (!result.ok) {
    expect(result.error.code).toBe('invalid_input');
    return;
  }
  for (const reading of result.oru.readings) {
    expect(vitalSetSchema.safeParse(reading.vitals).success).toBe(true);
    expect(Number.isFinite(reading.observedAt)).toBe(true);
  }
}

describe('the parser never throws', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => checkAnswer(Buffer.from(bytes).toString('utf8'))),
      { numRuns: 3000 },
    );
  });

  it('on random text made of HL7 delimiters, digits and segment names', () => {
    const piece = fc.constantFrom(
      'MSH',
      'OBX',
      'OBR',
      '|',
      '^',
      '~',
      '\\',
      '&',
      '\r',
      '\n',
      '150021',
      '147842',
      '-999',
      'ORU',
      'R01',
      '2026112310',
      '+0100',
      'X',
      '.',
      '9',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (pieces) => checkAnswer(`MSH|^~\\&|${pieces.join('')}`)),
      { numRuns: 3000 },
    );
  });

  it('on real-looking messages with bytes cut out, inserted or replaced', () => {
    const samples = [ihePcd01, geStyle, mindrayStyle, continuaStyle];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 5 })), { maxLength: 6 }),
        (sample, edits) => {
          let text = sample;
          for (const [at, cut, insert] of edits) {
            const index = at % (text.length + 1);
            text = text.slice(0, index) + insert + text.slice(index + cut);
          }
          checkAnswer(text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
