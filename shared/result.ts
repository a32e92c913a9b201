/**
 * Errors are data. Every command acknowledgement and every validation result is
 * either `{ ok: true, ... }` or `{ ok: false, error }`, never a thrown string.
 */
export interface Issue {
  /** Path to the offending field, e.g. `["vitals", "systolicMmHg"]`. Empty for the whole input. */
  path: (string | number)[];
  message: string;
}

export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'store_unavailable'
  | 'internal'
  /** The client could not reach the server at all (offline, server down). Never sent by the server. */
  | 'unreachable';

export interface AppError {
  code: ErrorCode;
  message: string;
  issues: Issue[];
}

export type Failure = { ok: false; error: AppError };
export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

export function fail(code: ErrorCode, message: string, issues: Issue[] = []): Failure {
  return { ok: false, error: { code, message, issues } };
}
