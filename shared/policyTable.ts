import { may, POLICY, type PolicyAction } from './policy';
import { ROLE_LABELS, ROLES } from './roles';

/** The README's role table, generated from the policy table (`npm run policy-table`). */
export function policyTableMarkdown(): string {
  const header = `| may | ${ROLES.map((role) => ROLE_LABELS[role]).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => '---').join('|')}|`;
  const rows = (Object.keys(POLICY) as PolicyAction[]).map((action) => {
    const doing = POLICY[action].doing;
    return `| ${doing[0]!.toUpperCase()}${doing.slice(1)} (\`${action}\`) | ${ROLES.map((role) => (may(role, action) ? 'yes' : '—')).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
