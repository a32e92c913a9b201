/**
 * Slows password guessing three ways: failures from one address (whatever usernames it tries),
 * failures against one username (from any address: a lockout, audited), and one address trying
 * many different usernames (password spraying: one guess against every account). Behind a
 * reverse proxy the address is the client's only with TRUST_PROXY set.
 */
export const SIGN_IN_LIMITS = {
  /** Clinic defaults: enough for a tired person's typos, far too few to guess a password. */
  windowMs: 15 * 60_000,
  failuresPerAddress: 20,
  failuresPerUsername: 10,
  usernamesPerAddress: 5,
};

export type ThrottleReason = 'address' | 'username' | 'spray';

export const THROTTLE_MESSAGES: Record<ThrottleReason, string> = {
  address: 'Too many failed sign-ins from this device — wait 15 minutes or ask an admin',
  username: 'This account is locked for 15 minutes after too many failed sign-ins — wait or ask an admin',
  spray: 'Too many different usernames tried from this device — wait 15 minutes or ask an admin',
};

interface Window {
  since: number;
  failures: number;
  usernames: Set<string>;
}

const MAX_TRACKED = 50_000;

export interface SignInThrottle {
  /** Why a sign-in attempt must be refused before its password is even checked, or null. */
  blocked(address: string, username: string, now: number): ThrottleReason | null;
  /** Counts a failure; answers the limit this failure just reached (a lockout to audit), or null. */
  recordFailure(address: string, username: string, now: number): ThrottleReason | null;
  /** A correct password clears that username's count (not the address's: successes must not launder guesses). */
  recordSuccess(username: string): void;
}

export function createSignInThrottle(limits = SIGN_IN_LIMITS): SignInThrottle {
  const byAddress = new Map<string, Window>();
  const byUsername = new Map<string, Window>();

  function current(map: Map<string, Window>, key: string, now: number): Window | null {
    const found = map.get(key);
    if (!found) return null;
    if (now - found.since >= limits.windowMs) {
      map.delete(key);
      return null;
    }
    return found;
  }
  function opened(map: Map<string, Window>, key: string, now: number): Window {
    const found = current(map, key, now);
    if (found) return found;
    if (map.size >= MAX_TRACKED) {
      for (const [k, w] of map) if (now - w.since >= limits.windowMs) map.delete(k);
      if (map.size >= MAX_TRACKED) map.delete(map.keys().next().value as string);
    }
    const fresh = { since: now, failures: 0, usernames: new Set<string>() };
    map.set(key, fresh);
    return fresh;
  }
  function reason(address: Window | null, user: Window | null, username: string): ThrottleReason | null {
    if (user && user.failures >= limits.failuresPerUsername) return 'username';
    if (address && address.failures >= limits.failuresPerAddress) return 'address';
    if (address && address.usernames.size >= limits.usernamesPerAddress && !address.usernames.has(username)) return 'spray';
    return null;
  }

  return {
    blocked(address, username, now) {
      const key = username.toLowerCase();
      return reason(current(byAddress, address, now), current(byUsername, key, now), key);
    },
    recordFailure(address, username, now) {
      const key = username.toLowerCase();
      const fromAddress = opened(byAddress, address, now);
      const forUser = opened(byUsername, key, now);
      const before = { address: fromAddress.failures, user: forUser.failures, names: fromAddress.usernames.size };
      fromAddress.failures += 1;
      fromAddress.usernames.add(key);
      forUser.failures += 1;
      if (before.user < limits.failuresPerUsername && forUser.failures >= limits.failuresPerUsername) return 'username';
      if (before.address < limits.failuresPerAddress && fromAddress.failures >= limits.failuresPerAddress) return 'address';
      if (before.names < limits.usernamesPerAddress && fromAddress.usernames.size >= limits.usernamesPerAddress) return 'spray';
      return null;
    },
    recordSuccess(username) {
      byUsername.delete(username.toLowerCase());
    },
  };
}
