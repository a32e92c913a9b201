import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { MessageSource } from '../../shared/devices/binding';
import { createRateLimiter } from '../realtime/rateLimit';
import { normaliseAddress } from './addressRules';
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
  /** HL7_ALLOW: a connection from any other address is closed before anything is read. */
  allow: (address: string | null) => boolean;
  /** Messages one source address may send per second (a burst of twice that); beyond, AE. */
  ratePerSource: number;
  /**
   * The per-source buckets, shared by the plain and TLS listeners so an address gets one rate
   * whichever port it uses (createSourceRate); a listener started alone makes its own.
   */
  sourceRate?: SourceRate;
  /** A refused connection or flood, for the security log (the caller throttles it). */
  onRefused(refusal: { source: MessageSource; code: string; reason: string }): void;
  /** MLLP over TLS (PEM text); with `ca`, clients must present a certificate it signed. */
  tls?: { cert: string; key: string; ca: string | null } | null;
  /** A connection quiet this long (real ms) is closed; monitors reconnect. */
  idleTimeoutMs?: number;
  /** HL7_MAX_CONNECTIONS: connections served at once; a further one is refused (AE to its first message) and recorded. */
  maxConnections: number;
}

/** Frames waiting on one connection before it stops reading (TCP backpressure does the rest). */
const MAX_PENDING = 32;
/** Source addresses whose rate is tracked at once (a scan of many addresses resets the table). */
const MAX_TRACKED_SOURCES = 10_000;
/** How long a connection beyond the limit may take to send the message its refusal answers. */
const OVER_LIMIT_GRACE_MS = 5_000;
/** Connections beyond the limit held at once for that answer; past these the system drops them unanswered. */
const OVER_LIMIT_HELD = 64;

function certificateOf(socket: net.Socket): MessageSource['certificate'] {
  if (!(socket instanceof tls.TLSSocket) || !socket.authorized) return null;
  const peer = socket.getPeerCertificate();
  if (!peer?.fingerprint256) return null;
  const cn = peer.subject?.CN;
  return {
    fingerprint256: peer.fingerprint256.toUpperCase(),
    commonName: typeof cn === 'string' ? cn : Array.isArray(cn) ? (cn[0] ?? null) : null,
  };
}

/** One message-rate bucket per source address: `take(address)` is false beyond `perSecond` (a burst of twice that). */
export function createSourceRate(perSecond: number): SourceRate {
  const limiters = new Map<string, ReturnType<typeof createRateLimiter>>();
  return {
    take(address) {
      const key = address ?? '-';
      let limiter = limiters.get(key);
      if (!limiter) {
        if (limiters.size >= MAX_TRACKED_SOURCES) limiters.clear();
        limiter = createRateLimiter(perSecond);
        limiters.set(key, limiter);
      }
      return limiter.take();
    },
  };
}

export interface SourceRate {
  take(address: string | null): boolean;
}

/**
 * The HL7 v2 listener: TCP (or TLS) with MLLP framing, several messages per connection, answered
 * in order, each ACK written only after its message is handled (stored, or refused). Only
 * addresses in the allow-list get a connection; each source address has a message rate.
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const sockets = new Set<net.Socket>();
  /** Connections admitted and counted against the limit (TCP level, so a TLS handshake counts too). */
  let open = 0;
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const sourceRate = options.sourceRate ?? createSourceRate(options.ratePerSource);
  const underRate = (address: string | null) => sourceRate.take(address);

  const serve = (socket: net.Socket) => {
    sockets.add(socket);
    const source: MessageSource = { address: normaliseAddress(socket.remoteAddress), certificate: certificateOf(socket) };
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
          const text = item.payload.toString('utf8');
          if (!underRate(source.address)) {
            options.onRefused({
              source,
              code: 'rate_limited',
              reason: `More than ${options.ratePerSource} messages a second from this address`,
            });
            reply(options.intake.refuseRateLimited(text, options.ratePerSource));
            return;
          }
          const { ack } = await options.intake.handle(text, source);
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
        const next = chain
          .then(() => handleItem(item))
          .catch(options.logError)
          .finally(() => {
            pending -= 1;
            if (pending < MAX_PENDING && !closing && !socket.destroyed) socket.resume();
          });
        chain = next;
        inFlight.add(next);
        void next.finally(() => inFlight.delete(next));
      }
    });
  };

  const limitReason = `Connection refused: ${options.maxConnections} HL7 connections are open, the most HL7_MAX_CONNECTIONS allows`;

  /**
   * Beyond the limit on plain MLLP: the monitor's first message is answered AE with the reason
   * (so its screen says why, and it resends later), then the connection closes.
   */
  const refuseOverLimit = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(OVER_LIMIT_GRACE_MS, () => socket.destroy());
    const decoder = new MllpDecoder(options.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => {
      const [item] = decoder.push(chunk);
      if (!item) return;
      socket.removeAllListeners('data');
      if (item.kind === 'frame' || item.kind === 'truncated') {
        socket.end(frame(options.intake.refuseOverLimit(item.payload.toString('utf8'), options.maxConnections)));
      } else socket.destroy();
    });
  };

  /**
   * Outside the allow-list: closed before a byte is read (for TLS, before the handshake). Beyond
   * HL7_MAX_CONNECTIONS: refused and recorded (throttled by the caller like any refusal).
   */
  const admitConnection = (raw: net.Socket): 'serve' | 'over_limit' | 'closed' => {
    const address = normaliseAddress(raw.remoteAddress);
    if (!options.allow(address)) {
      options.onRefused({
        source: { address, certificate: null },
        code: 'outside_allow_list',
        reason: 'Connection from an address outside HL7_ALLOW closed',
      });
      raw.destroy();
      return 'closed';
    }
    if (open >= options.maxConnections) {
      options.onRefused({ source: { address, certificate: null }, code: 'too_many_connections', reason: limitReason });
      return 'over_limit';
    }
    open += 1;
    raw.once('close', () => {
      open -= 1;
    });
    return 'serve';
  };

  const tlsOptions = options.tls;
  const server: net.Server = tlsOptions
    ? tls.createServer(
        {
          cert: tlsOptions.cert,
          key: tlsOptions.key,
          ...(tlsOptions.ca ? { ca: tlsOptions.ca, requestCert: true, rejectUnauthorized: true } : {}),
        },
        serve,
      )
    : net.createServer((socket) => {
        const admitted = admitConnection(socket);
        if (admitted === 'serve') serve(socket);
        else if (admitted === 'over_limit') refuseOverLimit(socket);
      });
  if (tlsOptions) {
    server.on('connection', (raw: net.Socket) => {
      const admitted = admitConnection(raw);
      // No plain answer is possible before the handshake: over the limit, a TLS connection is closed.
      if (admitted === 'over_limit') raw.destroy();
      if (admitted !== 'serve') return;
      sockets.add(raw);
      raw.on('close', () => sockets.delete(raw));
    });
    server.on('tlsClientError', (error: Error & { code?: string }, socket: tls.TLSSocket) => {
      const address = normaliseAddress(socket.remoteAddress);
      if (!options.allow(address)) return;
      options.onRefused({
        source: { address, certificate: null },
        code: 'tls_refused',
        reason: `TLS handshake refused (${error.code ?? error.message})`,
      });
    });
  }
  // A hard cap above the limit bounds the refused connections held for their answer; the system drops the rest.
  server.maxConnections = options.maxConnections + OVER_LIMIT_HELD;
  server.on('drop', (dropped?: { remoteAddress?: string }) => {
    options.onRefused({
      source: { address: normaliseAddress(dropped?.remoteAddress), certificate: null },
      code: 'too_many_connections',
      reason: `${limitReason}; closed unanswered`,
    });
  });

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
