import { afterAll, beforeAll } from 'vitest';
import type { Vigil } from '../../server/app';
import { dropPostgres, sharedStore } from './postgres';
import { startTestServer } from './server';

/**
 * Two in-process servers acting as two processes of one clinic (`sharedStore`: a fresh PostgreSQL
 * database named after `prefix`, and Redis; the alarm timer off), started before the block's
 * tests. After them the sockets handed to `keep` are disconnected, both servers closed and the
 * database dropped.
 */
export function twoProcesses(prefix: string) {
  const databases: string[] = [];
  const kept: { disconnect(): void }[] = [];
  let a: Vigil | undefined;
  let b: Vigil | undefined;
  beforeAll(async () => {
    const shared = await sharedStore(databases, prefix);
    a = await startTestServer(shared, undefined, { alarmTickMs: null });
    b = await startTestServer(shared, undefined, { alarmTickMs: null });
  });
  afterAll(async () => {
    for (const socket of kept.splice(0)) socket.disconnect();
    await a?.close();
    await b?.close();
    await dropPostgres(databases);
  });
  const started = (vigil: Vigil | undefined) => {
    if (!vigil) throw new Error('The processes are not started yet (use them inside a test)');
    return vigil;
  };
  return {
    get a(): Vigil {
      return started(a);
    },
    get b(): Vigil {
      return started(b);
    },
    /** Disconnects `sockets` after the block's tests, before the servers close. */
    keep(...sockets: { disconnect(): void }[]) {
      kept.push(...sockets);
    },
  };
}
