import type { Protocol } from '../../../../shared/protocols/schema';
import type { DisplayThinning } from '../../../../shared/session/displaySnapshot';
import type { Reading, SessionState } from '../../../../shared/session/state';
import type { RoomSummary } from '../../../../shared/clinic/rooms';

/**
 * The last state of each session and of the clinic this device saw, in IndexedDB, so that a
 * tablet that reloads while offline still shows the room (marked with the time of its last
 * update) and can keep taking entries. Cleared on sign-out.
 */
const DB_NAME = 'vigil-cache';
const SESSIONS = 'sessions';
const CLINIC = 'clinic';
/**
 * A long session's readings, in chunks: a new reading rewrites the newest chunk, not 14,400 readings
 * (a long main-thread copy). Small chunks, as the newest is copied again at every save (once a
 * second while a monitor sends): 200 readings at most, not 1,000 (profiled in Chromium: the save's
 * copy was a few milliseconds of a new reading's work). The chunk size is not part of what is
 * stored: a copy saved with another size reads back whole.
 */
const READINGS = 'readings';
const CHUNK_READINGS = 200;

export interface CachedSession {
  sessionId: string;
  state: SessionState;
  /** Client clock when this copy was last updated from the server. */
  savedAt: number;
  /** The protocol version the session started with, so an offline reload still shows its panels. */
  protocol?: Protocol;
  /** What the copy's thinned intervals really hold (a long session's display snapshot). */
  thinning?: DisplayThinning | null;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available'));
  dbPromise ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 2);
    request.onupgradeneeded = (event) => {
      if (event.oldVersion < 1) {
        request.result.createObjectStore(SESSIONS, { keyPath: 'sessionId' });
        request.result.createObjectStore(CLINIC);
      }
      if (event.oldVersion < 2) request.result.createObjectStore(READINGS);
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

/** What is stored under SESSIONS: the state without its readings, which are in READINGS chunks. */
interface StoredSession extends CachedSession {
  readingChunks?: number;
}

/** Per session, the chunks last written (the same reading objects: the store keeps them while nothing changes them). */
const written = new Map<string, Reading[][]>();

const sameChunk = (a: readonly Reading[] | undefined, b: readonly Reading[]) =>
  a !== undefined && a.length === b.length && a.every((reading, i) => reading === b[i]);

export async function saveSession(entry: CachedSession): Promise<void> {
  const chunks: Reading[][] = [];
  for (let i = 0; i < entry.state.readings.length; i += CHUNK_READINGS) chunks.push(entry.state.readings.slice(i, i + CHUNK_READINGS));
  const before = written.get(entry.sessionId) ?? [];
  const db = await open();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction([SESSIONS, READINGS], 'readwrite');
    const stored: StoredSession = { ...entry, state: { ...entry.state, readings: [] }, readingChunks: chunks.length };
    transaction.objectStore(SESSIONS).put(stored);
    chunks.forEach((chunk, index) => {
      if (!sameChunk(before[index], chunk)) transaction.objectStore(READINGS).put(chunk, `${entry.sessionId}:${index}`);
    });
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
  });
  written.set(entry.sessionId, chunks);
}

export async function loadSession(sessionId: string): Promise<CachedSession | null> {
  const found = await run<StoredSession | undefined>(SESSIONS, 'readonly', (objects) => objects.get(sessionId));
  if (!found) return null;
  const { readingChunks = 0, ...entry } = found;
  if (readingChunks === 0) return entry;
  const chunks = await Promise.all(
    Array.from({ length: readingChunks }, (_, index) =>
      run<Reading[] | undefined>(READINGS, 'readonly', (objects) => objects.get(`${sessionId}:${index}`)),
    ),
  );
  if (chunks.some((chunk) => chunk === undefined)) return null;
  return { ...entry, state: { ...entry.state, readings: chunks.flatMap((chunk) => chunk!) } };
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
  await run(READINGS, 'readwrite', (objects) => objects.clear());
  written.clear();
}
