import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Vigil } from '../../../server/app';
import { connectClient, request, signIn, startTestServer, type TestSocket } from '../../support/server';

const HOUR = 3_600_000;

/**
 * A screen's socket closes when its sign-in expires, on the same step-immune real time the
 * sign-in is checked on: a forward step of the machine's wall clock (injected here through
 * Date.now) must not close screens whose sign-in is still valid.
 */
describe("a screen's sign-in expiry timer", () => {
  let vigil: Vigil;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const socket of sockets.splice(0)) socket.disconnect();
    await vigil.close();
  });

  it('does not close a screen whose sign-in is valid after the wall clock stepped forward past its expiry', async () => {
    vigil = await startTestServer({ authSessionHours: 12 });
    const cookie = await signIn(vigil, 'nurse');
    const wall = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => wall() + 13 * HOUR);
    const socket = await connectClient(vigil.url, cookie);
    sockets.push(socket);
    const outcome = await Promise.race([
      request(socket, 'time.sync', { clientSentAt: wall() }).then(() => 'answered'),
      new Promise((resolve) => {
        if (!socket.connected) resolve('closed');
        socket.once('disconnect', () => resolve('closed'));
      }),
    ]);
    expect(outcome).toBe('answered');
    expect(socket.connected).toBe(true);
  });
});
