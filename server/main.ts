import { startVigil, type Vigil } from './app';
import { loadConfig } from './config';

/** `npm start`: read the settings, start the server, and in demo mode the demo clinic. */
async function main() {
  const config = loadConfig();
  let vigil: Vigil | null = null;
  let demo: { stop(): void } | null = null;
  let stopping = false;
  // Registered before start-up: a stop during it closes what was opened so far. Every step of
  // start-up can run again (migrations, the demo seed), so the next start finishes the job.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; stopping`);
    demo?.stop();
    try {
      await vigil?.close();
    } catch (error) {
      console.error('[vigil] while stopping:', error instanceof Error ? error.message : error);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  vigil = await startVigil(config, { holdReadiness: true });
  if (config.demo) demo = await (await import('./demo/startDemo')).startDemo(vigil);
  else {
    const { countUsers } = await import('./store/users');
    if ((await countUsers(vigil.store.db)) === 0) {
      console.log('No users yet. Create the first admin with: npm run create-admin -- --username <name>');
    }
  }
  if (stopping) return;
  vigil.markReady();
  console.log('Vigil is ready');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
