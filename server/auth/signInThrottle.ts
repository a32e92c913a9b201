import { isIPv6 } from 'node:net';

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

/**
 * The address a throttle counts: an IPv4 address as it is (also when written ::ffff:a.b.c.d), an
 * IPv6 address by its /64, the block one home, host or phone is given, inside which a client
 * may take a new address for every guess.
 */
export function throttledAddress(address: string | null): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const groups = (text: string | undefined) =>
    (text ? text.split(':') : []).flatMap((group) => {
      // An embedded IPv4 address (the last 32 bits) is two groups.
      const quad = group.split('.').map(Number);
      return quad.length === 4 ? [((quad[0]! << 8) | quad[1]!).toString(16), ((quad[2]! << 8) | quad[3]!).toString(16)] : [group];
    });
  const [head, tail] = address.split('%')[0]!.split('::');
  const zeros = tail === undefined ? 0 : 8 - groups(head).length - groups(tail).length;
  const full = [...groups(head), ...Array<string>(Math.max(0, zeros)).fill('0'), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

export type ThrottleReason = 'address' | 'username' | 'spray';

export const THROTTLE_MESSAGES: Record<ThrottleReason, string> = {
  address: 'Too many failed sign-ins from this device — wait 15 minutes',
  username: 'This account is locked for 15 minutes after too many failed sign-ins — wait, or ask an admin to set a new password',
  spray: 'Too many different usernames tried from this device — wait 15 minutes',
};

interface Window {
  since: number;
  failures: number;
  /** Attempts whose password is being checked now: they count against the limits until they end. */
  pending: number;
  /** Usernames tried from this address (failed or being checked), with how many such attempts. */
  usernames: Map<string, number>;
  /** The spray lockout of this window was reported (audited once). */
  sprayReported: boolean;
}

const MAX_TRACKED = 50_000;

/** One sign-in attempt let through: it ends as a failure, a success, or released unchecked (server busy). */
export interface SignInAttempt {
  /** The password was wrong: answers the limit this failure just reached (a lockout to audit), or null. */
  failed(): ThrottleReason | null;
  /** A correct password clears that username's count (not the address's: successes must not launder guesses). */
  succeeded(): void;
  /** The password was never checked (the hashing queue was full): the attempt counts for nothing. */
  released(): void;
}

export interface SignInThrottle {
  /**
   * Why an attempt must be refused before its password is even checked, or the attempt, which
   * counts against every limit from now until it ends: a burst of guesses sent all at once is
   * stopped at the limit like guesses sent one after another, not checked in full.
   */
  begin(address: string, username: string, now: number): { refused: ThrottleReason } | { attempt: SignInAttempt };
  /** Forgets the failures against a username (an admin set a new password: the guesses were against the old one). */
  clearUsername(username: string): void;
}

export function createSignInThrottle(limits = SIGN_IN_LIMITS): SignInThrottle {
  const byAddress = new Map<string, Window>();
  const byUsername = new Map<string, Window>();

  function current(map: Map<string, Window>, key: string, now: number): Window | null {
    const found = map.get(key);
    if (!found) return null;
    if (now - found.since >= limits.windowMs && found.pending === 0) {
      map.delete(key);
      return null;
    }
    return found;
  }
  function opened(map: Map<string, Window>, key: string, now: number): Window {
    const found = current(map, key, now);
    if (found) return found;
    if (map.size >= MAX_TRACKED) {
      for (const [k, w] of map) if (now - w.since >= limits.windowMs && w.pending === 0) map.delete(k);
      if (map.size >= MAX_TRACKED) map.delete(map.keys().next().value as string);
    }
    const fresh: Window = { since: now, failures: 0, pending: 0, usernames: new Map(), sprayReported: false };
    map.set(key, fresh);
    return fresh;
  }
  const tried = (w: Window) => w.failures + w.pending;
  function reason(address: Window | null, user: Window | null, username: string): ThrottleReason | null {
    if (user && tried(user) >= limits.failuresPerUsername) return 'username';
    if (address && tried(address) >= limits.failuresPerAddress) return 'address';
    if (address && address.usernames.size >= limits.usernamesPerAddress && !address.usernames.has(username)) return 'spray';
    return null;
  }
  function forget(address: Window, key: string): void {
    const left = (address.usernames.get(key) ?? 1) - 1;
    if (left > 0) address.usernames.set(key, left);
    else address.usernames.delete(key);
  }

  return {
    begin(address, username, now) {
      const key = username.toLowerCase();
      const refused = reason(current(byAddress, address, now), current(byUsername, key, now), key);
      if (refused) return { refused };
      const fromAddress = opened(byAddress, address, now);
      const forUser = opened(byUsername, key, now);
      fromAddress.pending += 1;
      forUser.pending += 1;
      fromAddress.usernames.set(key, (fromAddress.usernames.get(key) ?? 0) + 1);
      let ended = false;
      const end = () => {
        if (ended) return false;
        ended = true;
        fromAddress.pending -= 1;
        forUser.pending -= 1;
        return true;
      };
      return {
        attempt: {
          failed() {
            if (!end()) return null;
            const before = { address: fromAddress.failures, user: forUser.failures };
            fromAddress.failures += 1;
            forUser.failures += 1;
            if (before.user < limits.failuresPerUsername && forUser.failures >= limits.failuresPerUsername) return 'username';
            if (before.address < limits.failuresPerAddress && fromAddress.failures >= limits.failuresPerAddress) return 'address';
            // The username joined the address's list when the attempt began; the first failure once the list is full is the spray lockout.
            if (!fromAddress.sprayReported && fromAddress.usernames.size >= limits.usernamesPerAddress) {
              fromAddress.sprayReported = true;
              return 'spray';
            }
            return null;
          },
          succeeded() {
            if (!end()) return;
            forget(fromAddress, key);
            byUsername.delete(key);
          },
          released() {
            if (end()) forget(fromAddress, key);
          },
        },
      };
    },
    clearUsername(username) {
      byUsername.delete(username.toLowerCase());
    },
  };
}
