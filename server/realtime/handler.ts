import type { z } from 'zod';
import { fail, type Failure, type Result } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import { storeFailureReason } from '../store/errors';

export interface GuardDeps {
  /** The connection's rate limiter: false when it has sent too much. */
  takeToken(): boolean;
  logError(error: unknown): void;
}

export interface GuardedRequest<S extends z.ZodType, R extends object> {
  schema: S;
  /** Null when the sender may make this request; otherwise the refusal (after the payload parsed). */
  authorize(value: z.output<S>): Failure | null;
  run(value: z.output<S>): Promise<Result<R>>;
}

type AnyAck = (result: Result<object>) => void;

/** The answer to a request beyond the connection's rate, a known one or not. */
const RATE_LIMITED = fail('rate_limited', 'Too many requests — wait a moment and try again');

/**
 * The one guard every inbound socket request passes, on every namespace: one request object
 * and an acknowledgement -> rate limit -> validate (zod) -> authorize -> run -> acknowledge.
 * Nothing thrown inside escapes to crash the server: a store failure (the audit trail
 * included) becomes `store_unavailable`, anything else `internal`; both mean nothing was saved.
 */
export function guarded<S extends z.ZodType, R extends object>(deps: GuardDeps, request: GuardedRequest<S, R>) {
  return async (...args: unknown[]): Promise<void> => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // Every request is acknowledged; one without an ack callback is ignored.
    const reply = ack as AnyAck;
    if (args.length !== 2) return reply(fail('invalid_input', 'Expected exactly one request object'));
    if (!deps.takeToken()) return reply(RATE_LIMITED);
    const parsed = parseInput(request.schema, args[0]);
    if (!parsed.ok) return reply(parsed);
    const refusal = request.authorize(parsed.value);
    if (refusal) return reply(refusal);
    try {
      reply(await request.run(parsed.value));
    } catch (error) {
      const reason = storeFailureReason(error);
      if (reason) return reply(fail('store_unavailable', `${reason}: nothing was saved. Try again shortly.`));
      deps.logError(error);
      reply(fail('internal', 'Something went wrong on the server: nothing was saved'));
    }
  };
}

/**
 * Answers events that are not part of a namespace's contract, so a client never waits forever.
 * They count against the connection's rate like any request (a flood of unknown names is a flood).
 */
export function refuseUnknownEvents(
  socket: { onAny(listener: (event: unknown, ...args: unknown[]) => void): unknown },
  isKnown: (event: string) => boolean,
  takeToken: GuardDeps['takeToken'],
): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && isKnown(event)) return;
    const ack = args.at(-1);
    if (!takeToken()) {
      if (typeof ack === 'function') (ack as AnyAck)(RATE_LIMITED);
      return;
    }
    if (typeof ack === 'function') (ack as AnyAck)(fail('invalid_input', `Unknown request "${String(event).slice(0, 40)}"`));
  });
}
