import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { frame, MllpDecoder, type MllpItem } from './mllpFraming';
import type { Hl7Intake } from './hl7Intake';

export interface MllpListener {
  port: number;
  close(): Promise<void>;
}

export interface MllpListenerOptions {
  port: number;
  host: string;
  maxFrameBytes: number;
  intake: Hl7Intake;
  logError(error: unknown): void;
  /** A connection quiet this long (real ms) is closed; monitors reconnect. */
  idleTimeoutMs?: number;
  maxConnections?: number;
}

/** Frames waiting on one connection before it stops reading (TCP backpressure does the rest). */
const MAX_PENDING = 32;

/**
 * The HL7 v2 listener: TCP with MLLP framing, several messages per connection, answered in
 * order, each ACK written only after its message is handled (stored, or refused).
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const sockets = new Set<net.Socket>();
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const decoder = new MllpDecoder(options.maxFrameBytes);
    let chain: Promise<void> = Promise.resolve();
    let pending = 0;
    socket.setTimeout(options.idleTimeoutMs ?? 5 * 60_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));

    const reply = (text: string) => {
      if (!socket.destroyed && socket.writable) socket.write(frame(text));
    };

    const handleItem = async (item: MllpItem) => {
      switch (item.kind) {
        case 'frame': {
          const { ack } = await options.intake.handle(item.payload.toString('utf8'), socket.remoteAddress ?? null);
          reply(ack);
          return;
        }
        case 'truncated':
          reply(options.intake.refuseTruncated(item.payload.toString('utf8')));
          return;
        case 'oversize':
          reply(options.intake.refuseOversize(options.maxFrameBytes));
          socket.end();
          return;
        case 'junk':
          socket.destroy();
          return;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      for (const item of decoder.push(chunk)) {
        pending += 1;
        if (pending >= MAX_PENDING) socket.pause();
        const next = chain.then(() => handleItem(item)).catch(options.logError).finally(() => {
          pending -= 1;
          if (pending < MAX_PENDING && !closing && !socket.destroyed) socket.resume();
        });
        chain = next;
        inFlight.add(next);
        void next.finally(() => inFlight.delete(next));
      }
    });
  });
  server.maxConnections = options.maxConnections ?? 200;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', options.logError);

  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.pause();
      // Let messages already being stored finish and be answered, then hang up.
      await Promise.allSettled([...inFlight]);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
