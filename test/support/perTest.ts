import { afterEach, beforeEach } from 'vitest';
import type { Vigil } from '../../server/app';
import type { Config } from '../../server/config';
import { connectClient, signIn, startTestServer, type TestSocket } from './server';

/** Sockets a test opens on a server, disconnected together by `closeAll`. */
export function socketPool(vigil: () => Vigil) {
  const sockets: TestSocket[] = [];
  const keep = (socket: TestSocket) => (sockets.push(socket), socket);
  return {
    /** Keeps a socket opened elsewhere, to disconnect it with the others. */
    keep,
    /** A socket signed in with `cookie`. */
    connect: async (cookie: string | null) => keep(await connectClient(vigil().url, cookie)),
    /** A socket of `username`, signed in now. */
    client: async (username: string) => keep(await connectClient(vigil().url, await signIn(vigil(), username))),
    closeAll() {
      for (const socket of sockets.splice(0)) socket.disconnect();
    },
  };
}

export interface ServerPerTest {
  vigil: Vigil;
  sockets: ReturnType<typeof socketPool>;
}

/**
 * A fresh server (`startTestServer`) for each test with a pool of its sockets, both closed after
 * each test; `vigil` is set in beforeEach (before the test's own beforeEach hooks run).
 */
export function serverPerTest(overrides: Partial<Config> = {}): ServerPerTest {
  const server: ServerPerTest = { vigil: undefined as unknown as Vigil, sockets: socketPool(() => server.vigil) };
  beforeEach(async () => {
    server.vigil = await startTestServer(overrides);
  });
  afterEach(async () => {
    server.sockets.closeAll();
    await server.vigil.close();
  });
  return server;
}

/**
 * Servers a test starts (`startTestServer` with the alarm timer and the readiness monitor off,
 * unless `start` says otherwise), with a nurse's socket on any of them; all closed after each test.
 */
export function serversPerTest(start: Parameters<typeof startTestServer>[2] = { alarmTickMs: null, readinessIntervalMs: 0 }) {
  const servers: Vigil[] = [];
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    async start(overrides: Partial<Config> = {}) {
      const server = await startTestServer(overrides, undefined, start);
      servers.push(server);
      return server;
    },
    async nurseOf(server: Vigil) {
      const socket = await connectClient(server.url, await signIn(server, 'nurse'));
      sockets.push(socket);
      return socket;
    },
  };
}
