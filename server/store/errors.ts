/** Raised by the store when it cannot write or read right now (disk full, read-only, gone). */
export class StoreUnavailableError extends Error {
  readonly code: string;
  constructor(message: string, cause?: unknown, code = 'STORE_UNAVAILABLE') {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
    this.code = code;
  }
}

/**
 * A decision was made on a copy of the session that is no longer its newest: another process
 * stored an event since (`expectedLastSeq` in `appendSessionEvents`). Nothing of the append is
 * kept; the session service reads what is new and decides again.
 */
export class StaleCopyError extends Error {
  constructor(sessionId: string, expectedLastSeq: number, storedLastSeq: number) {
    super(`Session ${sessionId} is at seq ${storedLastSeq}, not ${expectedLastSeq} as the decision saw it`);
    this.name = 'StaleCopyError';
  }
}

/**
 * Error codes that mean "the store cannot do this now", not "this request is wrong".
 * SQLite extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DIRECTORY...) count as their
 * base code; PostgreSQL codes are SQLSTATEs; E* codes come from the file system or the network.
 */
const UNAVAILABLE_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'ENOSPC',
  'EROFS',
  'EACCES',
  'EPERM',
  'EDQUOT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '25006', // PostgreSQL read_only_sql_transaction
  '57P01', // PostgreSQL admin shutdown
  '57P02', // PostgreSQL crash shutdown
  '57P03', // PostgreSQL cannot connect now
  '53000', // PostgreSQL insufficient resources
  '53100', // PostgreSQL disk full
  '53200', // PostgreSQL out of memory
  '53300', // PostgreSQL too many connections
  '08000', // PostgreSQL connection exception
  '08003',
  '08006',
]);

const SQLITE_BASES = ['SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CORRUPT'];

function baseCode(code: string): string {
  return SQLITE_BASES.find((base) => code === base || code.startsWith(`${base}_`)) ?? code;
}

/** The driver's code of a store failure (e.g. SQLITE_FULL), or null when the error is not the store's. */
export function storeFailureCode(error: unknown): string | null {
  if (error instanceof StoreUnavailableError) return error.code;
  // node-postgres names a connection that ended under a query (a restarted server) by message only.
  if (
    error instanceof Error &&
    (error as { code?: unknown }).code === undefined &&
    /^Connection terminated|connection error and is not queryable/.test(error.message)
  )
    return 'ECONNRESET';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return UNAVAILABLE_CODES.has(baseCode(code)) ? code : null;
}

/** A plain-language reason for a store failure, or null when the error is not the store's. */
export function storeFailureReason(error: unknown): string | null {
  if (error instanceof StoreUnavailableError) return error.message;
  const code = storeFailureCode(error);
  if (!code) return null;
  const base = baseCode(code);
  if (base === 'SQLITE_FULL' || base === 'ENOSPC' || base === 'EDQUOT' || base === '53100') return 'The data disk is full';
  if (base === 'SQLITE_READONLY' || base === 'EROFS') return 'The data folder is read-only';
  if (base === '25006') return 'The database is read-only';
  if (base === 'EACCES' || base === 'EPERM' || base === 'SQLITE_CANTOPEN')
    return 'The data folder cannot be written (check its permissions)';
  if (base === 'SQLITE_CORRUPT' || base === 'SQLITE_NOTADB') return `The data file is damaged (${code})`;
  return `The store is not available (${code})`;
}

/** A unique key already held (SQLite or PostgreSQL): another node or pass stored the same row first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
