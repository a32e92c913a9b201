import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realtimeApiMarkdown, withApiSection } from '../../../scripts/apiNotes';

describe("the README's realtime API section", () => {
  it('is the one generated from the command and policy tables (run `npm run api-notes` after changing them)', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(withApiSection(readme, realtimeApiMarkdown())).toBe(readme);
  });
});
