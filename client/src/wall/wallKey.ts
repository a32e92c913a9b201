import { wallSignInRequestSchema } from '../../../shared/admin/api';

/**
 * The wall display key in the address (`/wall#key=…`), or null. The key rides in the fragment,
 * which browsers never send to a server, so no access log holds it.
 */
export function wallKeyInLocation(location: Pick<Location, 'pathname' | 'hash'>): string | null {
  if (location.pathname.replace(/\/$/, '') !== '/wall') return null;
  const key = new URLSearchParams(location.hash.replace(/^#/, '')).get('key');
  return key !== null && wallSignInRequestSchema.shape.key.safeParse(key).success ? key : null;
}
