import { Router, type Request } from 'express';
import { z } from 'zod';
import type { CurrentUser } from '../../shared/http/api';
import { idSchema } from '../../shared/ids';
import { requiredText } from '../../shared/text';
import { fail } from '../../shared/result';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { ProtocolStore } from '../protocols/protocolStore';
import type { Store } from '../store/store';
import { requireUser } from './requireUser';
import { validatedRoute } from './validatedRoute';

/**
 * Protocol administration (admins and prescribers, policy action `protocol.manage`):
 *
 *   POST /api/protocols/:id/copy  body { newId, newName }        -> 201 { ok, protocol }
 *   PUT  /api/protocols/:id       body: the edited protocol JSON  -> 200 { ok, protocol } (next version)
 *
 * A PUT body may carry the `version` it was read at: if someone revised the protocol since,
 * it is refused (409) rather than silently overwriting their change. Sessions keep the
 * protocol version they started with.
 */
export const protocolCopyRequestSchema = z.strictObject({
  newId: idSchema,
  newName: requiredText('Give the copy a name', 120, 'A name is at most 120 characters'),
});

/** The envelope of a revision; the protocol itself is checked by the protocol schema. */
const protocolReviseEnvelopeSchema = z.looseObject({
  id: idSchema.optional(),
  version: z.number({ error: 'The version must be a whole number' }).int({ error: 'The version must be a whole number' }).min(1).optional(),
});

export function protocolAdminRoutes(deps: { auth: AuthService; protocols: ProtocolStore; store: Store; clock: Clock }): Router {
  const router = Router();
  const actingPerson = (req: Request, user: CurrentUser) => ({ userId: user.userId, remoteAddress: req.ip ?? null });

  router.post(
    '/api/protocols/:id/copy',
    requireUser(deps.auth, 'protocol.manage'),
    validatedRoute({ params: { id: idSchema }, body: protocolCopyRequestSchema, status: 201 }, ({ params, body }, req, res) =>
      deps.protocols.copy({ sourceId: params.id, ...body }, actingPerson(req, res.locals.user as CurrentUser)),
    ),
  );

  router.put(
    '/api/protocols/:id',
    requireUser(deps.auth, 'protocol.manage'),
    validatedRoute({ params: { id: idSchema }, body: protocolReviseEnvelopeSchema }, async ({ params, body }, req, res) => {
      if (body.id !== undefined && body.id !== params.id) {
        return fail('invalid_input', 'The protocol id cannot be changed by an edit — copy it to make a new one', [
          { path: ['id'], message: `Expected "${params.id}"` },
        ]);
      }
      return deps.protocols.revise(params.id, body, actingPerson(req, res.locals.user as CurrentUser), body.version);
    }),
  );

  return router;
}
