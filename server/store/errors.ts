/** Raised by the store when it cannot write or read right now (disk full, read-only, gone). */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

const UNAVAILABLE_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'ECONNREFUSED',
  'ECONNRESET',
  '57P01', // PostgreSQL admin shutdown
  '53100', // PostgreSQL disk full
  '53300', // PostgreSQL too many connections
]);

/** A plain-language reason for a store failure, or null when the error is not the store's. */
export function storeFailureReason(error: unknown): string | null {
  if (error instanceof StoreUnavailableError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const base = code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code;
  if (!UNAVAILABLE_CODES.has(base)) return null;
  if (base === 'SQLITE_FULL' || base === '53100') return 'The data disk is full';
  if (base.startsWith('SQLITE_READONLY')) return 'The data folder is read-only';
  return `The store is not available (${code})`;
}
