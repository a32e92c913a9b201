import { randomUUID } from 'node:crypto';
import type { PasswordResetRequest, UserCreateRequest, UserSummary, UserUpdateRequest } from '../../../shared/admin/api';
import { fail, type Result } from '../../../shared/result';
import { personRoleSchema } from '../../../shared/roles';
import { checkNewPassword } from '../../auth/passwordPolicy';
import { hashPassword } from '../../auth/passwords';
import { writeAudit } from '../../store/audit';
import { deleteAuthSession, deleteAuthSessionsOfUser, listActiveAuthSessions } from '../../store/authSessions';
import { isUniqueViolation } from '../../store/errors';
import {
  countActiveAdmins,
  findUserById,
  findUserByUsernameAnyCase,
  insertUser,
  listUsers,
  updateUser,
  type UserRow,
} from '../../store/users';
import { adminAudit, type AdminContext } from './adminContext';

function summaryOf(user: UserRow, signIns: Map<string, UserSummary['signIns']>): UserSummary {
  const { passwordHash: _secret, ...visible } = user;
  // Wall displays never reach here (listPeople leaves them out; changes to them are refused).
  return { ...visible, role: personRoleSchema.parse(user.role), signIns: signIns.get(user.userId) ?? [] };
}

const WALL_DISPLAY = fail('conflict', 'This is a wall display, not a person: revoke it under Wall displays');

/** Everyone, with their sign-ins still valid now. */
export async function listPeople(ctx: Pick<AdminContext, 'store'>): Promise<UserSummary[]> {
  const [users, signIns] = await Promise.all([listUsers(ctx.store.db), listActiveAuthSessions(ctx.store.db, Date.now())]);
  // Wall displays are screens, not people: they have their own list (wallDisplays.ts).
  return users.filter((user) => user.role !== 'wall').map((user) => summaryOf(user, signIns));
}

async function summaryById(ctx: AdminContext, userId: string): Promise<UserSummary> {
  const user = await findUserById(ctx.store.db, userId);
  if (!user) throw new Error(`user ${userId} vanished`);
  return summaryOf(user, await listActiveAuthSessions(ctx.store.db, Date.now()));
}

/** The policy check and the (queued) hash of a password an admin or the person chose. */
export async function hashNewPassword(
  ctx: Pick<AdminContext, 'auth'>,
  password: string,
  person: { username: string; displayName?: string },
  field: string,
): Promise<Result<{ hash: string }>> {
  const problem = checkNewPassword(password, person);
  if (problem) return fail('invalid_input', problem, [{ path: [field], message: problem }]);
  const hash = await ctx.auth.hashing.run(() => hashPassword(password));
  if (hash === null) return fail('rate_limited', 'The server is busy checking passwords — try again in a moment');
  return { ok: true, hash };
}

/** Adds a person with a password an admin chose; they choose their own at first sign-in. */
export async function createPerson(ctx: AdminContext, request: UserCreateRequest): Promise<Result<{ user: UserSummary }>> {
  const taken = fail('conflict', `The username "${request.username}" is taken`, [
    { path: ['username'], message: 'Choose another username' },
  ]);
  const existing = await findUserByUsernameAnyCase(ctx.store.db, request.username);
  if (existing?.username === request.username) return taken;
  if (existing) {
    return fail('conflict', `The username "${existing.username}" exists: usernames must differ by more than capitals`, [
      { path: ['username'], message: 'Choose another username' },
    ]);
  }
  const hashed = await hashNewPassword(ctx, request.password, request, 'password');
  if (!hashed.ok) return hashed;
  const userId = randomUUID();
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      await insertUser(
        trx,
        {
          userId,
          username: request.username,
          displayName: request.displayName,
          role: request.role,
          passwordHash: hashed.hash,
          mustChangePassword: true,
        },
        Date.now(),
      );
      await writeAudit(
        trx,
        adminAudit(
          ctx,
          'user.create',
          { username: request.username, displayName: request.displayName, role: request.role },
          { subjectUserId: userId },
        ),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return taken;
    throw error;
  }
  return { ok: true, user: await summaryById(ctx, userId) };
}

/**
 * Renames, changes the role of, disables or re-enables a person. A role change closes their
 * sockets (they reconnect with the new role); disabling ends every sign-in, so re-enabling
 * later does not bring an old cookie back to life. The last active admin cannot be disabled or
 * demoted, and nobody disables or demotes themselves (another admin must).
 */
export async function updatePerson(ctx: AdminContext, userId: string, changes: UserUpdateRequest): Promise<Result<{ user: UserSummary }>> {
  const user = await findUserById(ctx.store.db, userId);
  if (!user) return fail('not_found', 'No such person');
  if (user.role === 'wall') return WALL_DISPLAY;
  const roleChanges = changes.role !== undefined && changes.role !== user.role;
  const disables = changes.disabled === true && !user.disabled;
  const enables = changes.disabled === false && user.disabled;
  const renames = changes.displayName !== undefined && changes.displayName !== user.displayName;
  if ((roleChanges || disables) && userId === ctx.actor.userId) {
    return fail('conflict', 'You cannot disable yourself or change your own role — ask another admin');
  }
  if ((roleChanges || disables) && user.role === 'admin' && !user.disabled && (await countActiveAdmins(ctx.store.db)) <= 1) {
    return fail('conflict', `${user.displayName} is the last active admin: make someone else an admin first`);
  }
  let ended: string[] = [];
  await ctx.store.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { displayName: changes.displayName, role: changes.role, disabled: changes.disabled });
    const about = { subjectUserId: userId };
    const who = { username: user.username };
    if (renames) await writeAudit(trx, adminAudit(ctx, 'user.rename', { ...who, from: user.displayName, to: changes.displayName }, about));
    if (roleChanges) await writeAudit(trx, adminAudit(ctx, 'user.roleChange', { ...who, from: user.role, to: changes.role }, about));
    if (disables) {
      ended = await deleteAuthSessionsOfUser(trx, userId);
      await writeAudit(trx, adminAudit(ctx, 'user.disable', { ...who, signInsEnded: ended.length }, about));
    }
    if (enables) await writeAudit(trx, adminAudit(ctx, 'user.enable', who, about));
  });
  // After commit: a disabled person's or a changed role's live screens go now, on every process.
  if (disables || roleChanges) ctx.live.endUser(userId);
  ctx.live.endSignIns(ended);
  return { ok: true, user: await summaryById(ctx, userId) };
}

/**
 * Sets a new password chosen by an admin: every sign-in of the person ends, a lock on their
 * username lifts (the guesses were against the old password), and they choose their own at the next one.
 */
export async function resetPassword(
  ctx: AdminContext,
  userId: string,
  request: PasswordResetRequest,
): Promise<Result<{ user: UserSummary }>> {
  const user = await findUserById(ctx.store.db, userId);
  if (!user) return fail('not_found', 'No such person');
  if (user.role === 'wall') return WALL_DISPLAY;
  const hashed = await hashNewPassword(ctx, request.password, user, 'password');
  if (!hashed.ok) return hashed;
  const ended = await ctx.store.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { passwordHash: hashed.hash, mustChangePassword: true });
    const signIns = await deleteAuthSessionsOfUser(trx, userId);
    await writeAudit(
      trx,
      adminAudit(ctx, 'user.passwordReset', { username: user.username, signInsEnded: signIns.length }, { subjectUserId: userId }),
    );
    return signIns;
  });
  ctx.auth.liftLockout(user.username);
  ctx.live.endUser(userId);
  ctx.live.endSignIns(ended);
  return { ok: true, user: await summaryById(ctx, userId) };
}

/** Ends one sign-in of a person (a lost tablet): its cookie stops working and its sockets close now. */
export async function revokeSignIn(ctx: AdminContext, userId: string, signInId: string): Promise<Result> {
  const user = await findUserById(ctx.store.db, userId);
  if (!user) return fail('not_found', 'No such person');
  const revoked = await ctx.store.db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom('auth_sessions').select('user_id').where('token_hash', '=', signInId).executeTakeFirst();
    if (owner?.user_id !== userId) return false;
    await deleteAuthSession(trx, signInId);
    await writeAudit(trx, adminAudit(ctx, 'auth.revoke', { username: user.username }, { subjectUserId: userId }));
    return true;
  });
  if (!revoked) return fail('not_found', 'That sign-in has already ended');
  ctx.live.endSignIns([signInId]);
  return { ok: true };
}
