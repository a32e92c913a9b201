import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts `server/main.ts` as a real child process (so it can be killed with SIGKILL) and
 * resolves with its URL once it listens.
 */
function withoutSharedServices(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...rest } = env;
  return rest;
}

export async function spawnServer(env: Record<string, string>, options: { bundled?: boolean } = {}): Promise<ServerProcess> {
  const entry = options.bundled ? ['--enable-source-maps', await serverBundle()] : ['--import', 'tsx', path.join(ROOT, 'server/main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    // The test's own store only: CI's DATABASE_URL and REDIS_URL are for the tests that ask for them.
    env: {
      ...withoutSharedServices(process.env),
      PORT: '0',
      HOST: '127.0.0.1',
      VIGIL_DEMO: 'false',
      VIGIL_CLIENT_DIR: 'none',
      HL7_PORT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 30_000);
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${text}`));
    });
  });
  return { child, url, output: () => text };
}

/** SIGKILL: no shutdown hooks, no flushing — the power-cut case. */
export async function killHard(server: ServerProcess): Promise<void> {
  // A process that already ended (exit code, or killed by a signal) emits no second 'exit'.
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** A TCP port that was free a moment ago, so a restarted server can listen where clients reconnect. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let bundle: Promise<string> | null = null;

/**
 * `server/main.ts` compiled once into one ES module (dependencies left as imports), for tests
 * that restart the server many times: it starts in about half the time `--import tsx` takes.
 * Same esbuild transform tsx uses; kept under node_modules/.cache so packages resolve.
 */
export function serverBundle(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('esbuild');
    const outfile = path.join(ROOT, 'node_modules/.cache/vigil-test', `server-${process.pid}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, 'server/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      sourcemap: 'inline',
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundle;
}
