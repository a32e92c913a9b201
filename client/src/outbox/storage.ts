import type { AppError } from '../../../shared/result';
import type { CommandEvent } from '../realtime/commands';

/** One entry made at the bedside, kept until the server has stored it (or a person discards it). */
export interface OutboxEntry {
  commandId: string;
  event: CommandEvent;
  request: { commandId: string; sessionId?: string } & Record<string, unknown>;
  sessionId: string | null;
  /** Who made it: only that person's sign-in sends it, so the record names the right person. */
  userId: string;
  createdAt: number;
  /**
   * Strictly increasing in the order entries were made (several can share a millisecond).
   * Entries kept from before it existed sort by `createdAt`.
   */
  order?: number;
  status: 'waiting' | 'refused';
  refusal: AppError | null;
  attempts: number;
}

export function byOrder(a: OutboxEntry, b: OutboxEntry): number {
  return (a.order ?? a.createdAt * 1000) - (b.order ?? b.createdAt * 1000);
}

export interface OutboxStorage {
  loadAll(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(commandId: string): Promise<void>;
  readonly durable: boolean;
}

const DB_NAME = 'vigil-outbox';
const STORE = 'entries';

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** IndexedDB: survives a reload and a closed tab. Every call is asynchronous; nothing blocks the page. */
export async function openIndexedDbStorage(factory: IDBFactory = indexedDB): Promise<OutboxStorage> {
  const request = factory.open(DB_NAME, 1);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'commandId' });
  };
  const db = await promisify(request);
  return {
    durable: true,
    async loadAll() {
      const transaction = db.transaction(STORE, 'readonly');
      const entries = await promisify(transaction.objectStore(STORE).getAll() as IDBRequest<OutboxEntry[]>);
      return entries.sort(byOrder);
    },
    async put(entry) {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).put(entry);
      await done(transaction);
    },
    async remove(commandId) {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).delete(commandId);
      await done(transaction);
    },
  };
}

/** When the browser refuses IndexedDB (some private modes): entries survive only while the tab is open. */
export function memoryStorage(): OutboxStorage {
  const entries = new Map<string, OutboxEntry>();
  return {
    durable: false,
    loadAll: async () => [...entries.values()].sort(byOrder),
    put: async (entry) => void entries.set(entry.commandId, structuredClone(entry)),
    remove: async (commandId) => void entries.delete(commandId),
  };
}
