import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { policyTableMarkdown } from '../shared/policyTable';
import { withReadmeSection } from './readmeSection';

/**
 * `npm run policy-table`: writes the README's role table from shared/policy.ts, between the
 * `roles:start` / `roles:end` markers (a test checks the README matches). Without --write it prints.
 */
export function withRoleTable(readme: string): string {
  return withReadmeSection(
    readme,
    'roles',
    `_Generated from \`shared/policy.ts\` by \`npm run policy-table\`; not typed in._\n\n${policyTableMarkdown()}`,
  );
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
