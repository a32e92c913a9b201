import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../../server/store/auditQuery';
import { findUserByUsername } from '../../../server/store/users';
import { tempDataDir } from '../../support/server';
import { storesPerTest } from '../../support/stores';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** `npm run create-admin -- --username …` with the password piped on standard input: its exit code and what it printed. */
function createAdmin(dataDir: string, args: string[], password: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/create-admin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(`${password}\n`);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('npm run create-admin follows the same password policy as the Users page', () => {
  const stores = storesPerTest();

  it('refuses ten identical digits, a common password and one holding the username, then creates the admin with a good one (audited)', async () => {
    const dataDir = tempDataDir();
    const refusals = [
      ['1111111111', /^Choose something other than one character repeated/],
      ['Password123!', /^That password is on the list of commonly used passwords/],
      ['xalice-2026-x', /^The password must not contain your username or name/],
    ] as const;
    for (const [weak, why] of refusals) {
      const refused = await createAdmin(dataDir, ['--username', 'alice', '--name', 'Alice Smith'], weak);
      expect(refused.code, weak).toBe(1);
      expect(refused.output.replace(/^Password for alice[^:]*: /, ''), weak).toMatch(why);
    }
    const made = await createAdmin(dataDir, ['--username', 'alice', '--name', 'Alice Smith'], 'lantern-orchard-47');
    expect(made).toMatchObject({ code: 0, output: expect.stringContaining('Admin alice created.') });
    const store = await stores.open({ dataDir, databaseUrl: null });
    expect(await findUserByUsername(store.db, 'alice')).toMatchObject({ role: 'admin', displayName: 'Alice Smith', disabled: false });
    expect(await queryAudit(store.db, { action: 'user.create' })).toEqual([
      expect.objectContaining({ userId: null, detail: { username: 'alice', role: 'admin', via: 'create-admin' } }),
    ]);
  });
});
