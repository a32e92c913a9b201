import { domainStore } from '../app/domainStore';
import type { CurrentUser, LoginRequest, LoginResponse } from '../../../shared/http/api';
import type { Handover } from '../../../shared/questionnaires/handover';
import type { Failure } from '../../../shared/result';
import { requestJson } from '../api/http';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed_out'; notice: string | null }
  /** `offline`: the server could not be asked; the last signed-in user of this tab is assumed until it can. */
  | {
      status: 'signed_in';
      user: CurrentUser;
      offline: boolean;
      /** This browser's tablet is with the patient for a questionnaire: the screen shows nothing else. */
      handover?: Handover | null;
    };

export const authStore = domainStore<AuthState>(() => ({ status: 'checking' }));

/**
 * Keeps a value in this browser's storage (null forgets it). Storage refused (private mode): an
 * offline reload will ask to sign in again; the server's own state still holds on every reload
 * that reaches it.
 */
function remember(key: string, value: object | null): void {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Storage refused: nothing is kept.
  }
}

/** The value kept under `key`, if there is one and it still has the shape `isValid` checks. */
function remembered<T extends object>(key: string, isValid: (value: T) => boolean): T | null {
  try {
    const text = localStorage.getItem(key);
    const parsed = text ? (JSON.parse(text) as T) : null;
    return parsed && isValid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Who was signed in on this browser (name and role only; the secret stays in the HttpOnly cookie). */
const LAST_USER_KEY = 'vigil.lastUser';
const rememberUser = (user: CurrentUser | null) => remember(LAST_USER_KEY, user);
const rememberedUser = () =>
  remembered<CurrentUser>(LAST_USER_KEY, (user) => typeof user.userId === 'string' && typeof user.role === 'string');

/**
 * The handover lock as the server last said it (the server keeps the lock with the sign-in; this
 * copy only keeps an offline reload locked too). Cleared only when the server says so.
 */
const HANDOVER_KEY = 'vigil.handover';
const rememberHandover = (handover: Handover | null) => remember(HANDOVER_KEY, handover);
const rememberedHandover = () => remembered<Handover>(HANDOVER_KEY, (handover) => typeof handover.sessionId === 'string');

const signOutListeners = new Set<() => void>();
/** Called on sign-out so caches of patient data on this device are cleared. */
export function onSignedOut(listener: () => void): void {
  signOutListeners.add(listener);
}

/** The server's answer to "who is this browser?" (`/api/me`): kept for offline reloads, and shown. */
function signedInAsServerSays(me: LoginResponse): void {
  rememberUser(me.user);
  rememberHandover(me.handover ?? null);
  authStore.setState({ status: 'signed_in', user: me.user, offline: false, handover: me.handover ?? null });
}

/**
 * Asks the server who this browser is (the HttpOnly cookie is invisible to scripts). When the
 * server cannot be reached at all, the tab keeps working offline as the last signed-in user:
 * entries wait in the outbox and are sent, under the server's check of the cookie, once back.
 */
export async function checkSignedIn(): Promise<void> {
  const result = await requestJson<LoginResponse>('GET', '/api/me');
  if (result.ok) return signedInAsServerSays(result);
  const last = rememberedUser();
  if (result.error.code === 'unreachable' && last) {
    authStore.setState({ status: 'signed_in', user: last, offline: true, handover: rememberedHandover() });
    return;
  }
  authStore.setState({ status: 'signed_out', notice: result.error.code === 'unauthenticated' ? null : result.error.message });
}

export async function signIn(request: LoginRequest): Promise<Failure | null> {
  const result = await requestJson<LoginResponse>('POST', '/api/auth/login', request);
  if (!result.ok) return result;
  rememberUser(result.user);
  authStore.setState({ status: 'signed_in', user: result.user, offline: false });
  return null;
}

/**
 * A wall screen opened with its key (`/wall#key=…`): the server makes the key this browser's
 * sign-in cookie, so the screen reconnects by itself from then on. Answers the refusal, if any.
 */
export async function signInWithWallKey(key: string): Promise<Failure | null> {
  const result = await requestJson<LoginResponse>('POST', '/api/auth/wall', { key });
  if (!result.ok) {
    authStore.setState({ status: 'signed_out', notice: result.error.message });
    return result;
  }
  rememberUser(result.user);
  authStore.setState({ status: 'signed_in', user: result.user, offline: false });
  return null;
}

export async function signOut(): Promise<void> {
  await requestJson('POST', '/api/auth/logout', {});
  rememberUser(null);
  for (const listener of signOutListeners) listener();
  authStore.setState({ status: 'signed_out', notice: 'You have signed out.' });
}

/** The server said the sign-in is no longer valid (expired, signed out elsewhere). */
export function sessionExpired(): void {
  if (authStore.getState().status === 'signed_in') {
    rememberUser(null);
    authStore.setState({ status: 'signed_out', notice: 'Your sign-in has ended — please sign in again.' });
  }
}

/** Connected again after an offline start: the server has confirmed the sign-in. */
export function confirmOnline(): void {
  const state = authStore.getState();
  if (state.status === 'signed_in' && state.offline) authStore.setState({ ...state, offline: false });
}

/**
 * A staff member takes the handed-over tablet back with their own username and password: the
 * server ends the locked sign-in and signs this browser in as them. Answers the refusal, if any
 * (a wrong password is refused and audited like any failed sign-in).
 */
export async function takeTabletBack(request: LoginRequest): Promise<Failure | null> {
  const result = await requestJson<LoginResponse>('POST', '/api/handover/end', request);
  if (!result.ok) return result;
  rememberUser(result.user);
  rememberHandover(null);
  authStore.setState({ status: 'signed_in', user: result.user, offline: false, handover: null });
  return null;
}

/** The person chose a new password: the server's answer replaces the user (no longer "must change"). */
export function passwordChanged(user: CurrentUser): void {
  rememberUser(user);
  authStore.setState({ status: 'signed_in', user, offline: false });
}

/**
 * The server closed this tab's live connection: an admin disabled the person, changed their
 * role or ended the sign-in. Asks who this browser is now: signed out (with a notice) or the
 * same person with the new role. Answers whether the sign-in is still good.
 */
export async function recheckSignIn(): Promise<boolean> {
  const result = await requestJson<LoginResponse>('GET', '/api/me');
  if (result.ok) {
    signedInAsServerSays(result);
    return true;
  }
  if (result.error.code === 'unauthenticated') sessionExpired();
  return false;
}
