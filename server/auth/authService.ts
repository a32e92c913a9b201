import type { CurrentUser } from '../../shared/http/api';
import { fail, type Failure, type Result } from '../../shared/result';
import { monotonicNow, type Clock } from '../clock';
import { writeAudit } from '../store/audit';
import { deleteAuthSession, deleteExpiredAuthSessions, findAuthSession, insertAuthSession } from '../store/authSessions';
import type { Store } from '../store/store';
import { findUserById, findUserByUsername, type UserRow } from '../store/users';
import { deleteHandover, findHandover } from '../store/handovers';
import type { Database } from '../store/schema';
import type { Handover } from '../../shared/questionnaires/handover';
import { forbiddenMessage, may } from '../../shared/policy';
import type { Kysely } from 'kysely';
import { createHashingQueue, type HashingQueue } from './hashingQueue';
import { verifyPassword } from './passwords';
import { createSignInThrottle, THROTTLE_MESSAGES, throttledAddress, type SignInThrottle } from './signInThrottle';
import { hashToken, newToken } from './tokens';

export interface Authenticated {
  user: CurrentUser;
  tokenHash: string;
  /** When this sign-in ends (real time, epoch ms): open sockets are closed then. */
  expiresAt: number;
  /** Set while this browser's tablet is handed to the patient for a questionnaire: nothing else answers it. */
  handover: Handover | null;
}

export interface AuthService {
  /** Checks the password (throttled, audited); on success creates a sign-in and returns its token. */
  signIn(
    username: string,
    password: string,
    remoteAddress: string | null,
  ): Promise<{ ok: true; token: string; user: CurrentUser } | Failure>;
  /**
   * A wall display's key (created by an admin, shown once) becomes this browser's sign-in:
   * the key is the sign-in's token, so the wall keeps reconnecting on its own until the key
   * is revoked or expires. Throttled like passwords; every use and every refusal is audited.
   */
  signInWithWallKey(
    key: string,
    remoteAddress: string | null,
  ): Promise<{ ok: true; token: string; user: CurrentUser; expiresAt: number } | Failure>;
  /**
   * A signed-in person's current password checked again (before they change it): throttled and
   * audited like a sign-in, so a stolen cookie cannot guess the password it would replace.
   */
  confirmPassword(user: UserRow, password: string, remoteAddress: string | null): Promise<Result<Record<never, never>>>;
  /** Lifts the lock on a username (an admin set a new password: the failed guesses were against the old one). */
  liftLockout(username: string): void;
  /**
   * Takes a handed-over tablet back (shared/questionnaires/handover.ts): the password is checked
   * like a sign-in (throttled; a wrong one refused and audited `auth.failed`), the person must be
   * staff who may record questionnaires; then, in one transaction, the locked sign-in and its
   * lock end and the staff member's own sign-in begins on this browser (audited `auth.signIn`
   * and `handover.end`). Answers the new token and the ended sign-in's token hash.
   */
  endHandover(
    locked: Authenticated,
    username: string,
    password: string,
    remoteAddress: string | null,
  ): Promise<{ ok: true; token: string; user: CurrentUser; endedTokenHash: string } | Failure>;
  /** The user behind a token, or null if it is unknown, expired or the user is disabled. */
  authenticate(token: string | null): Promise<Authenticated | null>;
  /** Ends a sign-in (audited); answers its token hash. */
  signOut(token: string, remoteAddress: string | null): Promise<string>;
  /** Removes expired sign-ins (audited as `auth.expired`); answers their token hashes. */
  purgeExpired(): Promise<string[]>;
  /** Password hashing shared with password changes, so they wait in the same bounded queue. */
  hashing: HashingQueue;
  /** The real time sign-ins expire on (epoch ms; does not follow a step of the wall clock). */
  now(): number;
}

// A fixed hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';

/** The throttle's name for wall display keys (they have no username): failed keys from one address lock it out. */
const WALL_KEY_USERNAME = '(wall display key)';

/** Two hashes at once (of the four libuv threads), up to 64 waiting: a flood waits or is refused, real sign-ins still get a thread. */
export const HASHING_CONCURRENCY = 2;
export const HASHING_QUEUE = 64;

export function currentUserOf(user: UserRow): CurrentUser {
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

export function createAuthService(
  store: Store,
  clock: Clock,
  sessionHours: number,
  /** `now`: real time that does not follow a step of the wall clock (a clinical clock at rate 1). */
  options: { throttle?: SignInThrottle; hashing?: HashingQueue; now?: () => number } = {},
): AuthService {
  const ttlMs = sessionHours * 3600_000;
  const now = options.now ?? Date.now;
  const throttle = options.throttle ?? createSignInThrottle();
  const hashing = options.hashing ?? createHashingQueue(HASHING_CONCURRENCY, HASHING_QUEUE);
  const audit = (action: string, userId: string | null, remoteAddress: string | null, detail: Record<string, unknown>) =>
    writeAudit(store.db, { at: clock.now(), userId, action, sessionId: null, remoteAddress, detail });

  async function authenticate(token: string | null): Promise<Authenticated | null> {
    if (!token) return null;
    const tokenHash = hashToken(token);
    const session = await findAuthSession(store.db, tokenHash);
    if (!session || session.expiresAt <= now()) return null;
    const user = await findUserById(store.db, session.userId);
    if (!user || user.disabled) return null;
    return { tokenHash, expiresAt: session.expiresAt, user: currentUserOf(user), handover: await findHandover(store.db, tokenHash) };
  }

  /** The password check of every sign-in: throttled, and each refusal audited (with a lockout when it starts one). */
  async function checkPassword(
    username: string,
    password: string,
    remoteAddress: string | null,
  ): Promise<{ ok: true; user: UserRow } | Failure> {
    const address = throttledAddress(remoteAddress);
    const started = throttle.begin(address, username, monotonicNow());
    // Not audited one by one (a flood would fill the disk): the lockout that started it is.
    if ('refused' in started) return fail('rate_limited', THROTTLE_MESSAGES[started.refused]);
    const { attempt } = started;
    let matches: boolean | null;
    let user: UserRow | null;
    try {
      user = await findUserByUsername(store.db, username);
      matches = await hashing.run(() => verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
    } catch (error) {
      attempt.released();
      throw error;
    }
    if (matches === null) {
      attempt.released();
      return fail('rate_limited', 'The server is busy checking sign-ins — try again in a moment');
    }
    // A wall display has no password: it signs in only with its key (signInWithWallKey).
    if (!user || !matches || user.disabled || user.role === 'wall') {
      const lockout = attempt.failed();
      const reason = !user ? 'unknown_username' : user.role === 'wall' ? 'wall_display' : !matches ? 'wrong_password' : 'disabled';
      await audit('auth.failed', user?.userId ?? null, remoteAddress, { username, reason });
      if (lockout) await audit('auth.lockout', user?.userId ?? null, remoteAddress, { username, limit: lockout });
      return fail('unauthenticated', 'Wrong username or password');
    }
    attempt.succeeded();
    return { ok: true, user };
  }

  /** A new sign-in of `user` and its audit row, in the caller's transaction; answers its token. */
  async function beginSignIn(trx: Kysely<Database>, user: UserRow, remoteAddress: string | null, detail: Record<string, unknown> = {}) {
    const token = newToken();
    // Sign-ins expire on real time, not the demo clock.
    const signedInAt = now();
    await insertAuthSession(trx, {
      tokenHash: hashToken(token),
      userId: user.userId,
      createdAt: signedInAt,
      expiresAt: signedInAt + ttlMs,
      remoteAddress,
    });
    await writeAudit(trx, {
      at: clock.now(),
      userId: user.userId,
      action: 'auth.signIn',
      sessionId: null,
      remoteAddress,
      detail: { ...detail, expiresAt: signedInAt + ttlMs },
    });
    return token;
  }

  return {
    hashing,
    now,
    async signIn(username, password, remoteAddress) {
      const checked = await checkPassword(username, password, remoteAddress);
      if (!checked.ok) return checked;
      const token = await store.db.transaction().execute((trx) => beginSignIn(trx, checked.user, remoteAddress));
      return { ok: true, token, user: currentUserOf(checked.user) };
    },
    async endHandover(locked, username, password, remoteAddress) {
      const handover = locked.handover;
      if (!handover) return fail('conflict', 'This screen is not handed over');
      const checked = await checkPassword(username, password, remoteAddress);
      if (!checked.ok) return checked;
      const staff = checked.user;
      if (!may(staff.role, 'questionnaire.record')) {
        await audit('handover.refused', staff.userId, remoteAddress, { sessionId: handover.sessionId, role: staff.role });
        return fail('forbidden', `${forbiddenMessage('questionnaire.record')}: only they can take the tablet back`);
      }
      const token = await store.db.transaction().execute(async (trx) => {
        await deleteHandover(trx, locked.tokenHash);
        await deleteAuthSession(trx, locked.tokenHash);
        await writeAudit(trx, {
          at: clock.now(),
          userId: staff.userId,
          action: 'handover.end',
          sessionId: handover.sessionId,
          remoteAddress,
          detail: {
            instrument: handover.instrument,
            handedOverBy: handover.handedOverBy.userId,
            answered: handover.completedAt !== null,
          },
        });
        return beginSignIn(trx, staff, remoteAddress, { credential: 'handover_end' });
      });
      return { ok: true, token, user: currentUserOf(staff), endedTokenHash: locked.tokenHash };
    },
    async signInWithWallKey(key, remoteAddress) {
      const address = throttledAddress(remoteAddress);
      const started = throttle.begin(address, WALL_KEY_USERNAME, monotonicNow());
      if ('refused' in started) return fail('rate_limited', THROTTLE_MESSAGES[started.refused]);
      const found = await authenticate(key).catch((error: unknown) => {
        started.attempt.released();
        throw error;
      });
      if (!found || found.user.role !== 'wall') {
        const lockout = started.attempt.failed();
        await audit('auth.failed', null, remoteAddress, { credential: 'wall_display_key', reason: 'unknown_or_revoked_key' });
        if (lockout) await audit('auth.lockout', null, remoteAddress, { credential: 'wall_display_key', limit: lockout });
        return fail('unauthenticated', 'This wall display key does not work: it was revoked or has expired. Ask an admin for a new one.');
      }
      started.attempt.succeeded();
      await audit('auth.signIn', found.user.userId, remoteAddress, { credential: 'wall_display_key', expiresAt: found.expiresAt });
      return { ok: true, token: key, user: found.user, expiresAt: found.expiresAt };
    },
    async confirmPassword(user, password, remoteAddress) {
      const started = throttle.begin(throttledAddress(remoteAddress), user.username, monotonicNow());
      if ('refused' in started) return fail('rate_limited', THROTTLE_MESSAGES[started.refused]);
      const matches = await hashing
        .run(() => verifyPassword(password, user.passwordHash))
        .catch((error: unknown) => {
          started.attempt.released();
          throw error;
        });
      if (matches === null) {
        started.attempt.released();
        return fail('rate_limited', 'The server is busy checking passwords — try again in a moment');
      }
      if (!matches) {
        const lockout = started.attempt.failed();
        await audit('auth.failed', user.userId, remoteAddress, { username: user.username, reason: 'wrong_current_password' });
        if (lockout) await audit('auth.lockout', user.userId, remoteAddress, { username: user.username, limit: lockout });
        return fail('invalid_input', 'Your current password is not right', [
          { path: ['currentPassword'], message: 'Not your current password' },
        ]);
      }
      started.attempt.succeeded();
      return { ok: true };
    },
    liftLockout: (username) => throttle.clearUsername(username),
    authenticate,
    async signOut(token, remoteAddress) {
      const tokenHash = hashToken(token);
      await store.db.transaction().execute(async (trx) => {
        const userId = await deleteAuthSession(trx, tokenHash);
        if (userId) await writeAudit(trx, { at: clock.now(), userId, action: 'auth.signOut', sessionId: null, remoteAddress, detail: {} });
      });
      return tokenHash;
    },
    async purgeExpired() {
      return store.db.transaction().execute(async (trx) => {
        const expired = await deleteExpiredAuthSessions(trx, now());
        // Every handover row before the first audit row: the audit chain's head is the last lock
        // a transaction takes (a group-commit batch completing a handover holds its row, then the head).
        for (const row of expired) await deleteHandover(trx, row.tokenHash);
        for (const row of expired) {
          await writeAudit(trx, {
            at: clock.now(),
            userId: row.userId,
            action: 'auth.expired',
            sessionId: null,
            remoteAddress: null,
            detail: {},
          });
        }
        return expired.map((row) => row.tokenHash);
      });
    },
  };
}
