import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY } from '../shared/policy';
import { COMMANDS, REQUEST_NAMES } from '../shared/realtime/commands';
import { SERVER_EVENT_NOTES } from '../shared/realtime/contract';
import { ROLE_LABELS } from '../shared/roles';
import { PHASE_LABELS } from '../shared/session/state';
import { withReadmeSection } from './readmeSection';

/** The README's realtime API section, generated from the command table and the policy table. */
export function realtimeApiMarkdown(): string {
  const rows = REQUEST_NAMES.map((name) => {
    const spec = COMMANDS[name];
    let roles = POLICY[spec.action].roles.map((role) => ROLE_LABELS[role]).join(', ');
    // A row whose guard is wider than its own policy row (alarm.acknowledge: a therapist, self-harm alarms only).
    if (spec.action !== name && Object.hasOwn(POLICY, name)) {
      const own = POLICY[name as keyof typeof POLICY].roles as readonly string[];
      const wider = POLICY[spec.action].roles.filter((role) => !own.includes(role));
      roles = `${own.map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS]).join(', ')}; ${wider.map((role) => ROLE_LABELS[role]).join(', ')}: only to ${POLICY[spec.action].doing}`;
    }
    const phases =
      spec.kind === 'query'
        ? 'any (a read)'
        : spec.phases === null
          ? 'an empty room'
          : spec.phases.map((phase) => PHASE_LABELS[phase]).join(', ');
    return `| \`${name}\` | ${spec.kind === 'query' ? 'read / subscribe' : 'command (audited)'} | ${roles} | ${phases} |`;
  });
  return [
    '_Generated from `shared/realtime/commands.ts`, `shared/realtime/contract.ts` and `shared/policy.ts` by `npm run api-notes`; a test checks it is current._',
    '',
    'Screens speak Socket.IO on `/` with the sign-in cookie. Every request is `socket.emit(name, request, ack)`: one request',
    'object (its zod schema is in the command table) and an acknowledgement `{ ok: true, ... }` or',
    '`{ ok: false, error: { code, message, issues } }`. Commands carry a client-made `commandId`: sending one again is',
    'answered with the stored event and `duplicate: true`, never stored twice; an id already used for another kind of',
    'entry, another session or by another person or device is refused with `conflict`. Anything else is refused: an',
    'unknown name or a malformed request with `invalid_input` (text holding a control character other than tab, line',
    'feed or carriage return included: the issue names the field), a role outside the list with `forbidden`, more than',
    '`VIGIL_COMMANDS_PER_SECOND` requests a second on average (bursts up to twice that; every request on the',
    'connection counts, reads and unknown names included) with `rate_limited`, a message larger than',
    '`VIGIL_MAX_MESSAGE_BYTES` by closing the connection (it is not read, so it cannot be answered), a store that',
    'cannot write (the audit trail included) with `store_unavailable`. The server sends:',
    '',
    ...Object.entries(SERVER_EVENT_NOTES).map(([name, note]) => `- \`${name}\`: ${note}.`),
    '',
    '| request | kind | who may send it | session phases |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Gateways use the `/devices` namespace with their device id and key (`reading.submit`); bedside monitors send HL7 v2',
    'over MLLP to `HL7_PORT`. The HTTP API is listed in `shared/http/api.ts` and `shared/realtime/devicesContract.ts`.',
  ].join('\n');
}

/** The README with its API section replaced by `section`. */
export function withApiSection(readme: string, section: string): string {
  return withReadmeSection(readme, 'api', section);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
  fs.writeFileSync(readmePath, withApiSection(fs.readFileSync(readmePath, 'utf8'), realtimeApiMarkdown()));
  console.log('Wrote the realtime API section of README.md');
}
