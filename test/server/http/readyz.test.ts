import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../server/http/healthRoutes';
import type { Store } from '../../../server/store/store';

describe('/readyz while starting and while stopping', () => {
  let server: http.Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function readyz(checks: Parameters<typeof healthRoutes>[1]) {
    const app = express();
    // Neither state asks the store anything: a store that throws proves it.
    const store = new Proxy({} as Store, {
      get: () => {
        throw new Error('the store was asked');
      },
    });
    app.use(healthRoutes(store, checks));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    return { status: response.status, body: await response.json() };
  }

  it('says stopping (503) once a graceful stop has begun, as the README promises', async () => {
    expect(await readyz({ stopping: () => true, starting: () => null })).toEqual({
      status: 503,
      body: { ok: false, status: 'stopping', reason: 'Stopping' },
    });
  });

  it('says starting (503) with the reason until start-up has finished', async () => {
    expect(await readyz({ stopping: () => false, starting: () => 'Starting up' })).toEqual({
      status: 503,
      body: { ok: false, status: 'starting', reason: 'Starting up' },
    });
  });
});
