import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PASSWORD_POLICY, PASSWORD_POLICY_TEXT } from '../shared/admin/passwordPolicy';
import { checkNewPassword } from '../server/auth/passwordPolicy';
import { hashPassword } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { openStore } from '../server/store/store';
import { writeAudit } from '../server/store/audit';
import { findUserByUsername, insertUser } from '../server/store/users';

/**
 * `npm run create-admin -- --username alice [--name "Alice Smith"]`: creates an admin with a
 * password typed at the prompt (not echoed) or piped on standard input. For clinics running
 * with VIGIL_DEMO=false, where no demo users exist.
 */
async function readPassword(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      if (process.stdin.isTTY) process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main() {
  const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' } } });
  const username = values.username?.trim();
  if (!username || !/^[a-z0-9._-]{2,64}$/i.test(username)) {
    throw new Error('Give a username: npm run create-admin -- --username <name> (letters, digits, . _ -)');
  }
  const password = await readPassword(`Password for ${username} (at least ${PASSWORD_POLICY.minLength} characters): `);
  // The same policy as the Users page: length, the common-password list, not the username.
  const problem = checkNewPassword(password, { username, displayName: values.name });
  if (problem) throw new Error(`${problem}. ${PASSWORD_POLICY_TEXT}`);
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    if (await findUserByUsername(store.db, username)) throw new Error(`A user named ${username} already exists`);
    const userId = randomUUID();
    await store.db.transaction().execute(async (trx) => {
      await insertUser(
        trx,
        { userId, username, displayName: values.name?.trim() || username, role: 'admin', passwordHash: await hashPassword(password) },
        Date.now(),
      );
      await writeAudit(trx, {
        at: Date.now(),
        userId: null,
        action: 'user.create',
        sessionId: null,
        subjectUserId: userId,
        remoteAddress: null,
        detail: { username, role: 'admin', via: 'create-admin' },
      });
    });
    console.log(`Admin ${username} created.`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
