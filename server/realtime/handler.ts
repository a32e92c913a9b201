import type { z } from 'zod';
import { fail, type Result } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import { FORBIDDEN_MESSAGES, may, type PolicyAction } from '../policies/policy';
import { storeFailureReason } from '../store/errors';
import type { VigilSocket } from './types';

export interface HandlerDeps {
  takeToken(): boolean;
  logError(error: unknown): void;
}

type AnyAck = (result: Result<object>) => void;

/**
 * Wraps one socket event: rate limit -> validate (zod) -> authorize (policy table) -> run the
 * command -> acknowledge. Nothing thrown inside escapes to crash the server: a store failure
 * becomes `store_unavailable`, anything else `internal`.
 */
export function handle<S extends z.ZodType, R extends object>(
  socket: VigilSocket,
  deps: HandlerDeps,
  event: string,
  options: { schema: S; action: PolicyAction; run: (value: z.output<S>) => Promise<Result<R>> },
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // Every command is acknowledged; one without an ack callback is ignored.
    const reply = ack as AnyAck;
    if (args.length !== 2) return reply(fail('invalid_input', 'Expected exactly one request object'));
    if (!deps.takeToken()) return reply(fail('rate_limited', 'Too many requests — wait a moment and try again'));
    const parsed = parseInput(options.schema, args[0]);
    if (!parsed.ok) return reply(parsed);
    if (!may(socket.data.user.role, options.action)) return reply(fail('forbidden', FORBIDDEN_MESSAGES[options.action]));
    try {
      reply(await options.run(parsed.value));
    } catch (error) {
      const reason = storeFailureReason(error);
      if (reason) return reply(fail('store_unavailable', `${reason}: nothing was saved. Try again shortly.`));
      deps.logError(error);
      reply(fail('internal', 'Something went wrong on the server: nothing was saved'));
    }
  };
  socket.on(event as 'time.sync', listener as never);
}

/** Answers events that are not part of the contract, so a client never waits forever. */
export function refuseUnknownEvents(socket: VigilSocket, known: ReadonlySet<string>): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as AnyAck)(fail('invalid_input', `Unknown request "${String(event).slice(0, 40)}"`));
  });
}
