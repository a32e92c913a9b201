import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY } from '../../../shared/policy';
import { policyTableMarkdown } from '../../../shared/policyTable';
import { withRoleTable } from '../../../scripts/policyTable';

const README = path.resolve(import.meta.dirname, '../../../README.md');

describe("the README's role table", () => {
  it('is the one generated from shared/policy.ts (run npm run policy-table after changing the policy)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(withRoleTable(readme)).toBe(readme);
  });

  it('has a row per policy action, saying yes exactly for the roles the table lists', () => {
    const rows = policyTableMarkdown().split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(POLICY).length);
    expect(rows).toContain('| View sessions (`session.view`) | yes | yes | yes | — | — |');
    expect(rows).toContain('| Read the audit trail (`audit.view`) | — | — | — | yes | — |');
    expect(rows).toContain('| View the board (`board.view`) | yes | yes | yes | yes | yes |');
  });
});
