import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVigil } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { countUsers, insertUser } from '../server/store/users';
import { BENCH_PASSWORD, BENCH_ROLES, type DriverMessage, type ServerMessage } from './scaleTypes';
import { watchLoopDelay } from './loopDelay';
import { settableClock } from '../test/support/settableClock';

/**
 * One Vigil server process for the scale bench (`bench/scale.ts` forks it): the real server,
 * configured from the environment like `npm run serve`, in a process of its own so that its
 * event-loop delay, CPU and memory are its own and not the load generator's. It reports them
 * when asked over the IPC channel: `reset` starts a measurement, `metrics` answers it, `stop`
 * closes the server.
 */
async function main() {
  // The driver names the data folder (it reads the store at the end); else a temporary one.
  const dataDir = process.env.DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scale-'));
  const config = {
    ...loadConfig(process.env),
    port: 0,
    host: '127.0.0.1',
    hl7Port: 0,
    hl7Host: '127.0.0.1',
    dataDir,
    demo: false,
    clientDir: null,
  };
  const serverClock = settableClock();
  const vigil = await startVigil(config, { log: () => {}, clock: serverClock });
  // The clinic's staff, as `npm run create-admin` would make the first admin (the second process shares them).
  if ((await countUsers(vigil.store.db)) === 0) {
    const hash = await hashPassword(BENCH_PASSWORD);
    for (const role of BENCH_ROLES) {
      await insertUser(
        vigil.store.db,
        { userId: `bench-${role}`, username: role, displayName: `Bench ${role}`, role, passwordHash: hash },
        Date.now(),
      );
    }
  }
  const delay = watchLoopDelay();
  let cpuFrom = process.cpuUsage();
  let wallFrom = performance.now();
  const send = (message: ServerMessage) => process.send?.(message);

  process.on('message', (message: DriverMessage) => {
    if (message.type === 'clock') {
      serverClock.set(Date.now() - message.behindMs);
      send({ type: 'clock', behindMs: message.behindMs });
    } else if (message.type === 'reset') {
      delay.reset();
      cpuFrom = process.cpuUsage();
      wallFrom = performance.now();
    } else if (message.type === 'metrics') {
      const cpu = process.cpuUsage(cpuFrom);
      const memory = process.memoryUsage();
      const loop = delay.summary();
      send({
        type: 'metrics',
        metrics: {
          eventLoopDelayP50Ms: loop.p50Ms,
          eventLoopDelayP99Ms: loop.p99Ms,
          eventLoopDelayMaxMs: loop.maxMs,
          cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - wallFrom)) * 1000) / 10,
          rssMb: Math.round(memory.rss / 2 ** 20),
          heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
        },
      });
    } else if (message.type === 'stop') {
      void vigil.close().finally(() => {
        if (!process.env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  // The driver went away (it failed or was stopped): nobody will ask this server to stop.
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready', url: vigil.url, hl7Port: vigil.hl7!.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
