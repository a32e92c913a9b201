import { startTcpProxy } from './tcpProxy';

/** What clients sent PostgreSQL through the relay: frontend messages by type, simple queries by first word, parsed texts. */
export interface PgMessages {
  /** 'Q' simple query, 'P' parse, 'B' bind, 'E' execute, 'S' sync, ... */
  byType: Map<string, number>;
  /** Simple queries by their first word: begin, commit, savepoint, release... */
  simpleQueries: Map<string, number>;
  /** Statements parsed (unnamed, or named and new on their connection), by their first 90 characters. */
  parsed: Map<string, number>;
}

/** Round trips (each waits for PostgreSQL's answer), statements run and statements parsed, from `before` to `after`. */
export function pgCost(before: PgMessages, after: PgMessages) {
  const delta = (type: string) => (after.byType.get(type) ?? 0) - (before.byType.get(type) ?? 0);
  return {
    roundTrips: delta('Q') + delta('S'),
    statementsRun: delta('Q') + delta('B'),
    statementsParsed: delta('Q') + delta('P'),
    simpleQueries: changed(before.simpleQueries, after.simpleQueries),
    parsed: changed(before.parsed, after.parsed),
  };
}

function changed(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([key, count]) => [key, count - (before.get(key) ?? 0)] as const).filter(([, count]) => count > 0));
}

/**
 * A TCP relay in front of PostgreSQL that reads the protocol's frontend messages as they pass:
 * what a store really sends, counted outside it (round trips, statements parsed). `urlOf` gives
 * a database URL that goes through the relay.
 */
export async function startPgCountingRelay(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const messages: PgMessages = { byType: new Map(), simpleQueries: new Map(), parsed: new Map() };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  // One reader per connection: messages may span chunks.
  const readClient = () => {
    let pending: Buffer = Buffer.alloc(0);
    // The startup message (and an SSL or GSS request before it) has no type byte.
    let startup = true;
    return (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          if (pending.length < 8 || pending.length < pending.readInt32BE(0)) break;
          const code = pending.readInt32BE(4);
          startup = code === 80877103 || code === 80877104;
          pending = pending.subarray(pending.readInt32BE(0));
          continue;
        }
        if (pending.length < 5) break;
        const end = 1 + pending.readInt32BE(1);
        if (pending.length < end) break;
        const type = String.fromCharCode(pending[0]!);
        add(messages.byType, type);
        const cString = (from: number) => pending.subarray(from, end).toString('utf8').split('\0')[0]!;
        if (type === 'Q') add(messages.simpleQueries, cString(5).trim().split(/[\s;]/)[0]!.toLowerCase());
        // Parse: the statement's name, then its text.
        if (type === 'P') add(messages.parsed, cString(5 + Buffer.byteLength(cString(5)) + 1).slice(0, 90));
        pending = pending.subarray(end);
      }
    };
  };
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, readClient);
  return {
    port: proxy.port,
    /** `url` (a database on the same server) reached through the relay. */
    urlOf(url: string): string {
      const relayed = new URL(url);
      relayed.host = `127.0.0.1:${proxy.port}`;
      return relayed.toString();
    },
    messages: (): PgMessages => ({
      byType: new Map(messages.byType),
      simpleQueries: new Map(messages.simpleQueries),
      parsed: new Map(messages.parsed),
    }),
    close: () => proxy.close(),
  };
}
