import { createStore } from 'zustand/vanilla';
import type { CurrentUser, LoginRequest } from '../../../shared/http/api';
import type { Failure } from '../../../shared/result';
import { requestJson } from '../api/http';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed_out'; notice: string | null }
  | { status: 'signed_in'; user: CurrentUser };

export const authStore = createStore<AuthState>(() => ({ status: 'checking' }));

/** Asks the server who this browser is (the HttpOnly cookie is invisible to scripts). */
export async function checkSignedIn(): Promise<void> {
  const result = await requestJson<{ user: CurrentUser }>('GET', '/api/me');
  if (result.ok) authStore.setState({ status: 'signed_in', user: result.user });
  else authStore.setState({ status: 'signed_out', notice: result.error.code === 'unauthenticated' ? null : result.error.message });
}

export async function signIn(request: LoginRequest): Promise<Failure | null> {
  const result = await requestJson<{ user: CurrentUser }>('POST', '/api/auth/login', request);
  if (!result.ok) return result;
  authStore.setState({ status: 'signed_in', user: result.user });
  return null;
}

export async function signOut(): Promise<void> {
  await requestJson('POST', '/api/auth/logout', {});
  authStore.setState({ status: 'signed_out', notice: 'You have signed out.' });
}

/** The server said the sign-in is no longer valid (expired, signed out elsewhere). */
export function sessionExpired(): void {
  if (authStore.getState().status === 'signed_in') {
    authStore.setState({ status: 'signed_out', notice: 'Your sign-in has ended — please sign in again.' });
  }
}
