/**
 * Writes cases.json: the corpus with the parser's answers. Run only to freeze a deliberate
 * change of behaviour (then review the diff): node --import tsx test/shared/hl7/golden/write.ts
 */
import { writeFileSync } from 'node:fs';
import { answer, DEFAULT_OFFSETS } from './answers';
import { goldenInputs } from './corpus';

const CASE_COUNT = 1000;

const cases = goldenInputs(CASE_COUNT).map((text, index) => answer(text, DEFAULT_OFFSETS[index % DEFAULT_OFFSETS.length] ?? 0));
// One case per line: a changed answer shows as one changed line.
writeFileSync(new URL('./cases.json', import.meta.url), `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`wrote ${cases.length} cases`);
