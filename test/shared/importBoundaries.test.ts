import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The folders' import boundaries (docs/ARCHITECTURE.md) are enforced by the linter, which
 * `npm test` runs before the tests: here each rule is shown refusing what it must refuse,
 * and letting through what each part may import.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId?.startsWith('no-restricted')).map((message) => message.message);
}

describe('import boundaries', () => {
  it('shared/ imports only zod and its own modules, and never reads the clock', async () => {
    const refused = await refusals(
      'shared/alerts/probe.ts',
      "import fs from 'node:fs';\nimport { startVigil } from '../../server/app';\nimport { z } from 'zod';\nimport { fail } from '../result';\nexport const probe = [fs, startVigil, z, fail, Date.now()];\n",
    );
    expect(refused).toEqual([
      expect.stringContaining('shared/ imports only zod'),
      expect.stringContaining('shared/ is pure: it never imports server code'),
      expect.stringContaining('take `now` as a parameter'),
    ]);
  });

  it('the client never imports server code, and only the socket module imports socket.io-client', async () => {
    const code =
      "import { io } from 'socket.io-client';\nimport { startVigil } from '../../../server/app';\nexport const probe = [io, startVigil];\n";
    expect(await refusals('client/src/board/probe.ts', code)).toEqual([
      expect.stringContaining('Only client/src/realtime/portal.ts'),
      expect.stringContaining('The client never imports server code'),
    ]);
    expect(await refusals('client/src/realtime/portal.ts', "import { io } from 'socket.io-client';\nexport const probe = io;\n")).toEqual(
      [],
    );
  });

  it('the server never imports client code; the store imports no feature module; services never import the transport', async () => {
    expect(await refusals('server/http/probe.ts', "import { App } from '../../client/src/app/App';\nexport const probe = App;\n")).toEqual([
      expect.stringContaining('The server never imports client code'),
    ]);
    expect(
      await refusals(
        'server/store/probe.ts',
        "import { recordVitals } from '../commands/recordVitals';\nimport { fail } from '../../shared/result';\nexport const probe = [recordVitals, fail];\n",
      ),
    ).toEqual([expect.stringContaining('never a feature module')]);
    expect(
      await refusals(
        'server/clinic/probe.ts',
        "import { Server } from 'socket.io';\nimport { rooms } from '../realtime/types';\nexport const probe = [Server, rooms];\n",
      ),
    ).toEqual([expect.stringContaining('never imports the transport'), expect.stringContaining('never imports the transport')]);
    // Services in subfolders and the device services are held to it too.
    const transport =
      "import { rooms } from '../../realtime/types';\nimport { sendFailure } from '../../http/respond';\nexport const probe = [rooms, sendFailure];\n";
    for (const folder of ['commands/admin', 'commands/patients']) {
      expect(await refusals(`server/${folder}/probe.ts`, transport)).toEqual([
        expect.stringContaining('never imports the transport'),
        expect.stringContaining('never imports the transport'),
      ]);
    }
    expect(await refusals('server/devices/deviceService.ts', transport.replaceAll('../../', '../'))).toEqual([
      expect.stringContaining('never imports the transport'),
      expect.stringContaining('never imports the transport'),
    ]);
  });

  it('a group of phases is named once in shared/session/phases.ts: two phase comparisons joined by hand are refused elsewhere', async () => {
    const spelled =
      "import type { SessionState } from '../session/state';\nexport const probe = (state: SessionState, phase: SessionState['phase']) =>\n  (state.phase === 'discharged' || state.phase === 'ended_early') && phase !== 'pre_dose' && phase !== 'monitoring';\n";
    const groups = expect.stringContaining('named once, in shared/session/phases.ts');
    expect(await refusals('shared/alerts/probe.ts', spelled)).toEqual([groups, groups]);
    expect(
      await refusals('client/src/session/probe.tsx', spelled.replace("'../session/state'", "'../../../shared/session/state'")),
    ).toEqual([groups, groups]);
    // One comparison, or a predicate, is not a group.
    const named =
      "import { isClosedPhase } from '../session/phases';\nimport type { SessionState } from '../session/state';\nexport const probe = (state: SessionState) => isClosedPhase(state.phase) || state.phase === 'pre_dose';\n";
    expect(await refusals('shared/alerts/probe.ts', named)).toEqual([]);
  });

  it('the client asks the policy, never compares a role name', async () => {
    const code =
      "import type { CurrentUser } from '../../../shared/http/api';\nexport const probe = (user: CurrentUser, role: string) => user.role === 'prescriber' || role !== 'wall';\n";
    const roleName = expect.stringContaining('never compares a role name');
    expect(await refusals('client/src/session/probe.tsx', code)).toEqual([roleName, roleName]);
    const asked =
      "import type { CurrentUser } from '../../../shared/http/api';\nimport { may } from '../../../shared/policy';\nexport const probe = (user: CurrentUser) => may(user.role, 'dose.record');\n";
    expect(await refusals('client/src/session/probe.tsx', asked)).toEqual([]);
  });
});
