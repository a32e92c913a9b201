import type { Request, RequestHandler, Response } from 'express';
import { SESSION_COOKIE, type CurrentUser } from '../../shared/http/api';
import { HANDED_OVER_MESSAGE } from '../../shared/questionnaires/handover';
import { fail } from '../../shared/result';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import { readCookie } from '../auth/tokens';
import { forbiddenMessage, may, type PolicyAction } from '../policies/policy';
import { sendFailure } from './respond';

/**
 * Authenticates the request from its cookie; puts the user in `res.locals.user` and the
 * sign-in's token hash in `res.locals.tokenHash`. A person whose password an admin set must
 * choose their own first: only routes marked `whilePasswordMustChange` answer them. A sign-in
 * whose tablet is handed to the patient (`res.locals.handover`) reaches only routes marked
 * `whileHandedOver` (who am I, and the staff sign-in that takes it back): nothing of the record.
 */
export function requireUser(
  auth: AuthService,
  action?: PolicyAction,
  options: { whilePasswordMustChange?: boolean; whileHandedOver?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    try {
      const found = await auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
      if (!found) return sendFailure(res, fail('unauthenticated', 'Please sign in'));
      if (found.user.mustChangePassword && !options.whilePasswordMustChange) {
        return sendFailure(res, fail('forbidden', 'Choose a new password before going on'));
      }
      if (found.handover && !options.whileHandedOver) return sendFailure(res, fail('forbidden', HANDED_OVER_MESSAGE));
      if (action && !may(found.user.role, action)) return sendFailure(res, fail('forbidden', forbiddenMessage(action)));
      res.locals.user = found.user;
      res.locals.tokenHash = found.tokenHash;
      res.locals.signIn = found;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * What every command context takes from a request that passed requireUser: who acts, from
 * which address, and the store and clock the command writes with.
 */
export function actingContext(
  deps: { store: Store; clock: Clock; clientAddress: (req: Request) => string | null },
  req: Request,
  res: Response,
): { actor: CurrentUser; remoteAddress: string | null; store: Store; clock: Clock } {
  return { actor: res.locals.user as CurrentUser, remoteAddress: deps.clientAddress(req), store: deps.store, clock: deps.clock };
}
