import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { fail, type Result } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import { sendFailure } from './respond';

type Schemas = Record<string, z.ZodType>;

/** What a validated route's handler receives: each path parameter and the body, parsed. */
export interface ValidatedInput<P extends Schemas, B extends z.ZodType> {
  params: { [K in keyof P]: z.output<P[K]> };
  body: z.output<B>;
}

/** Sends a command's result: `status` (200 unless said) with the result, or the failure with its error's status. */
export function sendResult(res: Response, result: Result, status = 200): void {
  if (result.ok) res.status(status).json(result);
  else sendFailure(res, result);
}

/**
 * The thin route of STYLE.md: validate, then answer. Each named path parameter is parsed with its
 * own schema (in the order given, then the body); the first that fails is answered 400 with its
 * issues, and `run` is not called. Otherwise `run`'s result is sent with `sendResult`.
 */
export function validatedRoute<P extends Schemas = Record<never, z.ZodType>, B extends z.ZodType = z.ZodUndefined>(
  spec: { params?: P; body?: B; status?: number },
  run: (input: ValidatedInput<P, B>, req: Request, res: Response) => Promise<Result>,
): RequestHandler {
  return async (req, res) => {
    const params: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(spec.params ?? {})) {
      const parsed = parseInput(schema, req.params[name]);
      if (!parsed.ok) return sendFailure(res, parsed);
      params[name] = parsed.value;
    }
    let body: unknown = undefined;
    if (spec.body) {
      // No JSON came (another Content-Type, or none): said so, rather than "expected object, received undefined".
      if (req.body === undefined)
        return sendFailure(res, fail('invalid_input', 'Send the request body as JSON (Content-Type: application/json)'));
      const parsed = parseInput(spec.body, req.body);
      if (!parsed.ok) return sendFailure(res, parsed);
      body = parsed.value;
    }
    const input = { params, body } as ValidatedInput<P, B>;
    sendResult(res, await run(input, req, res), spec.status);
  };
}
