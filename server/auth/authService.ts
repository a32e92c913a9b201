import type { CurrentUser } from '../../shared/http/api';
import { deleteAuthSession, findAuthSession, insertAuthSession } from '../store/authSessions';
import type { Store } from '../store/store';
import { findUserById, findUserByUsername } from '../store/users';
import { verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface AuthService {
  /** Checks the password; on success creates a sign-in and returns its token. */
  signIn(username: string, password: string, remoteAddress: string | null): Promise<{ token: string; user: CurrentUser } | null>;
  /** The user behind a token, or null if it is unknown, expired or the user is disabled. */
  authenticate(token: string | null): Promise<{ user: CurrentUser; tokenHash: string } | null>;
  signOut(token: string): Promise<string>;
}

// A fixed hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';

/** `now`: real time that does not follow a step of the wall clock (a clinical clock at rate 1). */
export function createAuthService(store: Store, sessionHours: number, now: () => number = Date.now): AuthService {
  const ttlMs = sessionHours * 3600_000;
  return {
    async signIn(username, password, remoteAddress) {
      const user = await findUserByUsername(store.db, username);
      const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !matches || user.disabled) return null;
      const token = newToken();
      // Sign-ins expire on real time, not the demo clock.
      const signedInAt = now();
      await insertAuthSession(store.db, {
        tokenHash: hashToken(token),
        userId: user.userId,
        createdAt: signedInAt,
        expiresAt: signedInAt + ttlMs,
        remoteAddress,
      });
      return {
        token,
        user: { userId: user.userId, username: user.username, displayName: user.displayName, role: user.role },
      };
    },
    async authenticate(token) {
      if (!token) return null;
      const tokenHash = hashToken(token);
      const session = await findAuthSession(store.db, tokenHash);
      if (!session || session.expiresAt <= now()) return null;
      const user = await findUserById(store.db, session.userId);
      if (!user || user.disabled) return null;
      return {
        tokenHash,
        user: { userId: user.userId, username: user.username, displayName: user.displayName, role: user.role },
      };
    },
    async signOut(token) {
      const tokenHash = hashToken(token);
      await deleteAuthSession(store.db, tokenHash);
      return tokenHash;
    },
  };
}
