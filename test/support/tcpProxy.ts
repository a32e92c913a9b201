import net from 'node:net';
import { freePort } from './process';

/**
 * A TCP relay in front of a real service (PostgreSQL), so a test can make it "restart" for the
 * processes behind it without touching the shared service: `cut` drops every open connection
 * and refuses new ones (ECONNREFUSED), `restore` accepts again on the same port. `readClient`,
 * if given, makes a reader for each connection that sees every chunk the client sends as it
 * passes (pgCountingRelay.ts counts PostgreSQL's messages with it).
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, readClient?: () => (chunk: Buffer) => void): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;

  async function listen() {
    const created = net.createServer((inbound) => {
      const outbound = net.connect(target.port, target.host);
      open.add(inbound);
      open.add(outbound);
      const end = () => {
        inbound.destroy();
        outbound.destroy();
        open.delete(inbound);
        open.delete(outbound);
      };
      inbound.on('error', end).on('close', end);
      outbound.on('error', end).on('close', end);
      if (readClient) inbound.on('data', readClient());
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve());
    });
    server = created;
  }

  async function cut() {
    const current = server;
    server = null;
    const closed = current ? new Promise<void>((resolve) => current.close(() => resolve())) : Promise.resolve();
    for (const socket of open) socket.destroy();
    open.clear();
    await closed;
  }

  await listen();
  return { port, cut, restore: listen, close: cut };
}
