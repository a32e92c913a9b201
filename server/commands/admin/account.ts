import type { OwnPasswordRequest } from '../../../shared/admin/api';
import type { CurrentUser } from '../../../shared/http/api';
import { fail, type Result } from '../../../shared/result';
import { currentUserOf } from '../../auth/authService';
import { writeAudit } from '../../store/audit';
import { deleteAuthSessionsOfUser } from '../../store/authSessions';
import { findUserById, updateUser } from '../../store/users';
import { adminAudit, type AdminContext } from './adminContext';
import { hashNewPassword } from './users';

/**
 * A person changes their own password (required after an admin set it). The current password
 * is checked again (throttled and audited like a sign-in); every other sign-in of theirs ends, this one stays.
 */
export async function changeOwnPassword(
  ctx: AdminContext,
  tokenHash: string,
  request: OwnPasswordRequest,
): Promise<Result<{ user: CurrentUser }>> {
  const user = await findUserById(ctx.store.db, ctx.actor.userId);
  if (!user) return fail('unauthenticated', 'Please sign in');
  const current = await ctx.auth.confirmPassword(user, request.currentPassword, ctx.remoteAddress);
  if (!current.ok) return current;
  if (request.newPassword === request.currentPassword) {
    return fail('invalid_input', 'Choose a password different from the current one', [
      { path: ['newPassword'], message: 'Same as the current password' },
    ]);
  }
  const hashed = await hashNewPassword(ctx, request.newPassword, user, 'newPassword');
  if (!hashed.ok) return hashed;
  const ended = await ctx.store.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.userId, { passwordHash: hashed.hash, mustChangePassword: false });
    const others = await deleteAuthSessionsOfUser(trx, user.userId, tokenHash);
    await writeAudit(trx, adminAudit(ctx, 'account.passwordChange', { signInsEnded: others.length }, { subjectUserId: user.userId }));
    return others;
  });
  ctx.live.endSignIns(ended);
  return { ok: true, user: currentUserOf({ ...user, mustChangePassword: false }) };
}
