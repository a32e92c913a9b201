import type { Protocol } from '../../../../shared/protocols/schema';
import type { SessionState } from '../../../../shared/session/state';
import type { RoomSummary } from '../../../../shared/clinic/rooms';

/**
 * The last state of each session and of the clinic this device saw, in IndexedDB, so that a
 * tablet that reloads while offline still shows the room (marked with the time of its last
 * update) and can keep taking entries. Cleared on sign-out.
 */
const DB_NAME = 'vigil-cache';
const SESSIONS = 'sessions';
const CLINIC = 'clinic';

export interface CachedSession {
  sessionId: string;
  state: SessionState;
  /** Client clock when this copy was last updated from the server. */
  savedAt: number;
  /** The protocol version the session started with, so an offline reload still shows its panels. */
  protocol?: Protocol;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available'));
  dbPromise ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(SESSIONS, { keyPath: 'sessionId' });
      request.result.createObjectStore(CLINIC);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
  return dbPromise;
}

function run<T>(store: string, mode: IDBTransactionMode, work: (objects: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const request = work(db.transaction(store, mode).objectStore(store));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      }),
  );
}

export function saveSession(entry: CachedSession): Promise<void> {
  return run(SESSIONS, 'readwrite', (objects) => objects.put(entry)).then(() => undefined);
}

export function loadSession(sessionId: string): Promise<CachedSession | null> {
  return run<CachedSession | undefined>(SESSIONS, 'readonly', (objects) => objects.get(sessionId)).then((found) => found ?? null);
}

export function saveRooms(rooms: RoomSummary[], savedAt: number): Promise<void> {
  return run(CLINIC, 'readwrite', (objects) => objects.put({ rooms, savedAt }, 'rooms')).then(() => undefined);
}

export function loadRooms(): Promise<{ rooms: RoomSummary[]; savedAt: number } | null> {
  return run<{ rooms: RoomSummary[]; savedAt: number } | undefined>(CLINIC, 'readonly', (objects) => objects.get('rooms')).then(
    (found) => found ?? null,
  );
}

export async function clearCache(): Promise<void> {
  await run(SESSIONS, 'readwrite', (objects) => objects.clear());
  await run(CLINIC, 'readwrite', (objects) => objects.clear());
}
