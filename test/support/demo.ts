import { afterEach } from 'vitest';
import { startVigil, type Vigil } from '../../server/app';
import type { Config } from '../../server/config';

/**
 * A server and the demo running on it, one of each per test: the demo is stopped and the server
 * closed after each test, or earlier by the test itself with `stop` (to restart, or to see what
 * closing leaves behind).
 */
export function demoServerPerTest() {
  let vigil: Vigil | null = null;
  let demo: { stop(): void } | null = null;
  const stop = async () => {
    demo?.stop();
    demo = null;
    await vigil?.close();
    vigil = null;
  };
  afterEach(stop);
  return {
    /** Starts the server (quietly) with `config`; it is closed after the test. */
    async start(config: Config): Promise<Vigil> {
      vigil = await startVigil(config, { log: () => {} });
      return vigil;
    },
    /** Keeps a started demo (the demo feed or a clinic day), stopped after the test; returns it. */
    keep<T extends { stop(): void }>(started: T): T {
      demo = started;
      return started;
    },
    stop,
  };
}
