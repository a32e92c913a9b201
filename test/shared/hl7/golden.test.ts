import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, goldenCaseSchema } from './golden/answers';

/**
 * The parser is a trust boundary: the same text must get the same readings, drops and errors
 * after any rewrite. cases.json holds 1,000 varied, malformed and hostile messages (golden/corpus.ts)
 * with the answers the parser gave when it was frozen (golden/write.ts).
 */
const cases = z.array(goldenCaseSchema).parse(JSON.parse(readFileSync(new URL('./golden/cases.json', import.meta.url), 'utf8')));

describe('the HL7 parser answers as frozen in golden/cases.json', () => {
  it('holds enough cases of each kind to mean something', () => {
    const oks = cases.filter((c) => c.oru.ok);
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    expect(oks.length).toBeGreaterThan(300);
    expect(cases.length - oks.length).toBeGreaterThan(300);
  });

  it('gives every case the same readings, drops, errors and field values', () => {
    for (const [index, frozen] of cases.entries()) {
      expect(answer(frozen.text, frozen.defaultOffsetMinutes), `case ${index}`).toEqual(frozen);
    }
  });
});
