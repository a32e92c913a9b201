import net from 'node:net';
import { component, parseHl7 } from '../../shared/hl7/message';
import { frame, MllpDecoder } from './mllpFraming';

/** What came back for one message: the ACK's MSA-1 code and MSA-3 text, or no answer at all. */
export type SendOutcome = { code: string; reason: string } | { code: null; reason: string };

/**
 * One monitor's MLLP connection, as a bedside monitor holds it: connect on first use, send one
 * message, wait for its ACK, reconnect after a drop. `close()` ends it at once (no dangling
 * socket when the server stops). The one MLLP client of the demo feed, `scripts/simulate.ts`
 * and the scale bench.
 */
export class MllpSender {
  private socket: net.Socket | null = null;
  private decoder = new MllpDecoder(1024 * 1024);
  private waiting: ((outcome: SendOutcome) => void) | null = null;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private async connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    this.decoder = new MllpDecoder(1024 * 1024);
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    // One small message at a time, each waiting for its ACK: send it now, not when Nagle allows.
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.settle({ code: null, reason: 'connection closed' }));
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) {
        if (item.kind !== 'frame') continue;
        this.settle(ackOutcome(item.payload.toString('utf8')));
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('close', () => reject(new Error('could not connect')));
    });
    return socket;
  }

  private settle(outcome: SendOutcome) {
    const waiter = this.waiting;
    this.waiting = null;
    waiter?.(outcome);
  }

  /** Connects now, as a monitor that holds its connection does (else the first `send` connects); rejects when it cannot. */
  async open(): Promise<void> {
    if (this.closed) throw new Error('closed');
    await this.connect();
  }

  /** Sends one message and resolves with its ACK (or why there was none). Never rejects. */
  async send(message: string, timeoutMs = 10_000): Promise<SendOutcome> {
    if (this.closed) return { code: null, reason: 'closed' };
    let socket: net.Socket;
    try {
      socket = await this.connect();
    } catch (error) {
      return { code: null, reason: (error as Error).message };
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ code: null, reason: 'no ACK in time' });
        socket.destroy();
      }, timeoutMs);
      this.waiting = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      socket.write(frame(message));
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }
}

function ackOutcome(text: string): SendOutcome {
  const parsed = parseHl7(text);
  if (!parsed.ok) return { code: '?', reason: parsed.error.message };
  const msa = parsed.message.segments.find((segment) => segment.name === 'MSA');
  return msa
    ? { code: component(parsed.message, msa, 1), reason: component(parsed.message, msa, 3) }
    : { code: '?', reason: 'no MSA segment' };
}
