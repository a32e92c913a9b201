import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { openStore } from '../server/store/store';
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
  const password = await readPassword(`Password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `);
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    if (await findUserByUsername(store.db, username)) throw new Error(`A user named ${username} already exists`);
    await insertUser(
      store.db,
      { userId: randomUUID(), username, displayName: values.name?.trim() || username, role: 'admin', passwordHash: await hashPassword(password) },
      Date.now(),
    );
    console.log(`Admin ${username} created.`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
