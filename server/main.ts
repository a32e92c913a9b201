import { startVigil } from './app';
import { loadConfig } from './config';

/** `npm start`: read the settings, start the server, and in demo mode the demo clinic. */
async function main() {
  const config = loadConfig();
  const vigil = await startVigil(config);
  const demo = config.demo ? await (await import('./demo/startDemo')).startDemo(vigil) : null;
  if (!config.demo) {
    const { countUsers } = await import('./store/users');
    if ((await countUsers(vigil.store.db)) === 0) {
      console.log('No users yet. Create the first admin with: npm run create-admin -- --username <name>');
    }
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; stopping`);
    demo?.stop();
    await vigil.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
