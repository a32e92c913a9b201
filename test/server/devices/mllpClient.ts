import net from 'node:net';
import tls from 'node:tls';

/** A real TCP client speaking MLLP, for tests: send raw bytes, read ACK frames in order. */
export interface MllpTestClient {
  socket: net.Socket;
  send(bytes: Buffer | string): Promise<void>;
  /** The next ACK frame's text (segments joined by CR), or rejects when the connection closes first. */
  nextAck(timeoutMs?: number): Promise<string>;
  closed: Promise<void>;
  close(): void;
}

export interface MllpConnectOptions {
  /** Send from this loopback address (127.0.0.2...) to play a host elsewhere on the network. */
  localAddress?: string;
  /** Speak MLLP over TLS: trust `ca`, present `cert`/`key` when given (PEM). */
  tls?: { ca: string; cert?: string; key?: string };
}

export async function connectMllp(port: number, options: MllpConnectOptions = {}): Promise<MllpTestClient> {
  const socket: net.Socket = options.tls
    ? tls.connect({
        socket: net.connect({ port, host: '127.0.0.1', localAddress: options.localAddress }),
        host: '127.0.0.1',
        ca: options.tls.ca,
        cert: options.tls.cert,
        key: options.tls.key,
      })
    : net.connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once(options.tls ? 'secureConnect' : 'connect', resolve);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('connection closed')));
  });
  socket.on('error', () => undefined);
  let buffer = Buffer.alloc(0);
  const frames: string[] = [];
  const waiters: { resolve: (text: string) => void; reject: (error: Error) => void }[] = [];
  let ended = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => {
    ended = true;
    for (const waiter of waiters.splice(0)) waiter.reject(new Error('connection closed'));
  });
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const start = buffer.indexOf(0x0b);
      const end = buffer.indexOf(Buffer.from([0x1c, 0x0d]));
      if (start < 0 || end < 0) break;
      const text = buffer.subarray(start + 1, end).toString('utf8');
      buffer = buffer.subarray(end + 2);
      const waiter = waiters.shift();
      if (waiter) waiter.resolve(text);
      else frames.push(text);
    }
  });
  return {
    socket,
    closed,
    send: (bytes) =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.write(bytes, () => resolve());
      }),
    nextAck: (timeoutMs = 15_000) => {
      const ready = frames.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (ended) return Promise.reject(new Error('connection closed'));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ACK in time')), timeoutMs);
        waiters.push({
          resolve: (text) => {
            clearTimeout(timer);
            resolve(text);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
    close: () => socket.destroy(),
  };
}

/** MSA-1 and MSA-2 and MSA-3 of an ACK. */
export function msa(ack: string): { code: string; controlId: string; reason: string } {
  const line = ack.split('\r').find((segment) => segment.startsWith('MSA|')) ?? '';
  const [, code = '', controlId = '', reason = ''] = line.split('|');
  return { code, controlId, reason };
}

export function mllpFrame(text: string): Buffer {
  return Buffer.concat([Buffer.from([0x0b]), Buffer.from(text, 'utf8'), Buffer.from([0x1c, 0x0d])]);
}
