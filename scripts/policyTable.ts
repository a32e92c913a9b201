import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { policyTableMarkdown } from '../shared/policyTable';

/**
 * `npm run policy-table`: writes the README's role table from shared/policy.ts, between the
 * `roles:start` / `roles:end` markers (a test checks the README matches). Without --write it prints.
 */
export const ROLE_TABLE_START = '<!-- roles:start -->';
export const ROLE_TABLE_END = '<!-- roles:end -->';

export function withRoleTable(readme: string): string {
  const start = readme.indexOf(ROLE_TABLE_START);
  const end = readme.indexOf(ROLE_TABLE_END);
  if (start < 0 || end < start) throw new Error(`The README has no ${ROLE_TABLE_START} ... ${ROLE_TABLE_END} section`);
  const generated = `${ROLE_TABLE_START}\n_Generated from \`shared/policy.ts\` by \`npm run policy-table\`; not typed in._\n\n${policyTableMarkdown()}\n`;
  return readme.slice(0, start) + generated + readme.slice(end);
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  const { values } = parseArgs({ options: { write: { type: 'string' } } });
  if (values.write) {
    fs.writeFileSync(values.write, withRoleTable(fs.readFileSync(values.write, 'utf8')));
    console.log(`Role table written to ${values.write}`);
  } else {
    console.log(policyTableMarkdown());
  }
}
