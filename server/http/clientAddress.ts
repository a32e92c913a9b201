import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client's address for throttling and the audit trail. Without TRUST_PROXY it is the TCP
 * peer; with it, X-Forwarded-For is read as far back as the trusted proxies go (Express's own
 * rule, so HTTP requests and Socket.IO handshakes agree).
 */
export function createClientAddress(trustProxy: false | number | string): (req: IncomingMessage) => string | null {
  if (trustProxy === false) return (req) => req.socket.remoteAddress ?? null;
  const trust =
    typeof trustProxy === 'number'
      ? (_address: string, hop: number) => hop < trustProxy
      : proxyaddr.compile(
          trustProxy
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean),
        );
  return (req) => {
    try {
      return proxyaddr(req, trust);
    } catch {
      return req.socket.remoteAddress ?? null;
    }
  };
}
