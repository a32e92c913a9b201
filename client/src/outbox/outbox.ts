import { domainStore } from '../app/domainStore';
import type { ErrorCode } from '../../../shared/result';
import type { CommandEvent, CommandOutcome } from '../realtime/commands';
import { byOrder, memoryStorage, type OutboxEntry, type OutboxStorage } from './storage';

/**
 * Every bedside entry goes through the outbox: stored in IndexedDB first, shown at once as
 * "not yet sent", then sent in order, each exactly once (the server stores a command id once
 * and acknowledges repeats). Refusals are kept and shown to their author with the reason.
 */
export const outboxStore = domainStore<{ entries: OutboxEntry[]; durable: boolean; loaded: boolean }>(() => ({
  entries: [],
  durable: true,
  loaded: false,
}));

/** Failures that say "not now" rather than "no": the entry stays queued and is sent again. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['store_unavailable', 'rate_limited', 'internal', 'unauthenticated', 'unreachable']);

export interface Outbox {
  enqueue(input: { event: CommandEvent; request: OutboxEntry['request']; userId: string }): Promise<OutboxEntry>;
  /** Send what is waiting, oldest first; stops at the first entry that cannot be sent now. */
  drain(userId: string): Promise<void>;
  discard(commandId: string): Promise<void>;
}

export function createOutbox(
  storagePromise: Promise<OutboxStorage>,
  send: (event: CommandEvent, request: OutboxEntry['request']) => Promise<CommandOutcome>,
): Outbox {
  let storage: OutboxStorage = memoryStorage();
  const ready = storagePromise
    .then(async (opened) => {
      storage = opened;
      const stored = await opened.loadAll();
      outboxStore.setState({ entries: mergeEntries(outboxStore.getState().entries, stored), durable: opened.durable, loaded: true });
    })
    .catch(() => outboxStore.setState({ durable: false, loaded: true }));
  let draining: Promise<void> | null = null;
  let rerun = false;

  function setEntry(entry: OutboxEntry | null, commandId: string) {
    outboxStore.setState((current) => ({
      entries: entry
        ? mergeEntries(
            current.entries.filter((e) => e.commandId !== commandId),
            [entry],
          )
        : current.entries.filter((e) => e.commandId !== commandId),
    }));
  }

  async function drainOnce(userId: string) {
    await ready;
    for (;;) {
      const next = outboxStore.getState().entries.find((entry) => entry.status === 'waiting' && entry.userId === userId);
      if (!next) return;
      const outcome = await send(next.event, next.request);
      if (outcome === undefined) return; // no answer: keep it, try again on reconnect
      if (outcome.ok) {
        await storage.remove(next.commandId).catch(() => undefined);
        setEntry(null, next.commandId);
        continue;
      }
      if (RETRYABLE.has(outcome.error.code)) {
        const retried = { ...next, attempts: next.attempts + 1 };
        await storage.put(retried).catch(() => undefined);
        setEntry(retried, next.commandId);
        return;
      }
      const refused: OutboxEntry = { ...next, status: 'refused', refusal: outcome.error, attempts: next.attempts + 1 };
      await storage.put(refused).catch(() => undefined);
      setEntry(refused, next.commandId);
    }
  }

  return {
    async enqueue({ event, request, userId }) {
      await ready;
      const entry: OutboxEntry = {
        commandId: request.commandId,
        event,
        request,
        sessionId: typeof request.sessionId === 'string' ? request.sessionId : null,
        userId,
        createdAt: Date.now(),
        order: nextOrder(),
        status: 'waiting',
        refusal: null,
        attempts: 0,
      };
      try {
        await storage.put(entry);
      } catch {
        outboxStore.setState({ durable: false });
      }
      setEntry(entry, entry.commandId);
      return entry;
    },
    drain(userId) {
      if (draining) {
        rerun = true;
        return draining;
      }
      draining = (async () => {
        do {
          rerun = false;
          await drainOnce(userId);
        } while (rerun);
      })().finally(() => {
        draining = null;
      });
      return draining;
    },
    async discard(commandId) {
      await storage.remove(commandId).catch(() => undefined);
      setEntry(null, commandId);
    },
  };
}

let lastOrder = 0;
/** Milliseconds x 1000 plus a counter: increasing within a tab, and across reloads as time moves on. */
function nextOrder(): number {
  lastOrder = Math.max(Date.now() * 1000, lastOrder + 1);
  return lastOrder;
}

function mergeEntries(current: OutboxEntry[], added: OutboxEntry[]): OutboxEntry[] {
  const byId = new Map(current.map((entry) => [entry.commandId, entry]));
  for (const entry of added) byId.set(entry.commandId, entry);
  return [...byId.values()].sort(byOrder);
}

export function entriesForSession(entries: OutboxEntry[], sessionId: string): OutboxEntry[] {
  return entries.filter((entry) => entry.sessionId === sessionId);
}
