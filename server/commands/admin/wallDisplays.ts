import { randomUUID } from 'node:crypto';
import type { WallDisplayCreated, WallDisplayCreateRequest, WallDisplaySummary } from '../../../shared/admin/api';
import { fail, type Result } from '../../../shared/result';
import { hashToken, newToken } from '../../auth/tokens';
import { writeAudit } from '../../store/audit';
import { deleteAuthSessionsOfUser, insertAuthSession, listActiveAuthSessions } from '../../store/authSessions';
import { findUserById, insertUser, listUsers, updateUser, type UserRow } from '../../store/users';
import { adminAudit, type AdminContext } from './adminContext';

/**
 * How long a wall display's key works: a year, so a screen on a wall is not dark one morning
 * for want of a person to sign it in again; an admin revokes it sooner when it is taken down.
 */
export const WALL_KEY_DAYS = 365;
const DAY_MS = 86_400_000;

/** Never a valid scrypt hash (server/auth/passwords.ts): a wall display has no password. */
const NO_PASSWORD = 'wall-display$no-password';

function summaryOf(user: UserRow, expiresAt: number | null): WallDisplaySummary {
  return { userId: user.userId, displayName: user.displayName, createdAt: user.createdAt, keyExpiresAt: expiresAt, revoked: user.disabled };
}

/** Every wall display, revoked ones too (the audit trail names them). */
export async function listWallDisplays(ctx: Pick<AdminContext, 'store'>): Promise<WallDisplaySummary[]> {
  const [users, signIns] = await Promise.all([listUsers(ctx.store.db), listActiveAuthSessions(ctx.store.db, Date.now())]);
  return users
    .filter((user) => user.role === 'wall')
    .map((user) => summaryOf(user, signIns.get(user.userId)?.reduce((latest, s) => Math.max(latest, s.expiresAt), 0) ?? null));
}

/**
 * Creates a wall display and its key (the token of its one sign-in; only the hash is stored).
 * The display, its sign-in and the audit row commit together. Answers the key once.
 */
export async function createWallDisplay(ctx: AdminContext, request: WallDisplayCreateRequest): Promise<Result<WallDisplayCreated>> {
  const userId = randomUUID();
  const key = newToken();
  const createdAt = Date.now();
  const expiresAt = createdAt + WALL_KEY_DAYS * DAY_MS;
  const user: Omit<UserRow, 'disabled' | 'mustChangePassword' | 'createdAt'> = {
    userId,
    // Not a person's username: nobody signs in with it (the password sign-in refuses wall displays).
    username: `wall-${userId}`,
    displayName: request.displayName,
    role: 'wall',
    passwordHash: NO_PASSWORD,
  };
  await ctx.store.db.transaction().execute(async (trx) => {
    await insertUser(trx, user, createdAt);
    await insertAuthSession(trx, { tokenHash: hashToken(key), userId, createdAt, expiresAt, remoteAddress: ctx.remoteAddress });
    await writeAudit(
      trx,
      adminAudit(ctx, 'wallDisplay.create', { displayName: request.displayName, expiresAt }, { subjectUserId: userId }),
    );
  });
  return {
    ok: true,
    key,
    wallDisplay: { userId, displayName: request.displayName, createdAt, keyExpiresAt: expiresAt, revoked: false },
  };
}

/** Revokes a wall display: its key stops working and its open screen is disconnected now, on every process. */
export async function revokeWallDisplay(ctx: AdminContext, userId: string): Promise<Result<{ wallDisplay: WallDisplaySummary }>> {
  const user = await findUserById(ctx.store.db, userId);
  if (!user || user.role !== 'wall') return fail('not_found', 'No such wall display');
  if (user.disabled) return fail('conflict', `${user.displayName} was already revoked`);
  const ended = await ctx.store.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { disabled: true });
    const signIns = await deleteAuthSessionsOfUser(trx, userId);
    await writeAudit(
      trx,
      adminAudit(ctx, 'wallDisplay.revoke', { displayName: user.displayName, signInsEnded: signIns.length }, { subjectUserId: userId }),
    );
    return signIns;
  });
  ctx.live.endUser(userId);
  ctx.live.endSignIns(ended);
  return { ok: true, wallDisplay: summaryOf({ ...user, disabled: true }, null) };
}
