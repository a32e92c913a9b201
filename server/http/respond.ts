import type { Response } from 'express';
import type { ErrorCode, Failure } from '../../shared/result';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  store_unavailable: 503,
  internal: 500,
  unreachable: 503,
};

export function sendFailure(res: Response, failure: Failure): void {
  res.status(STATUS[failure.error.code]).json(failure);
}
