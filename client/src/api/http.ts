import { fail, type Result } from '../../../shared/result';

/**
 * JSON over fetch, always answered as a Result: the server's own `{ ok, ... }` body, or a
 * failure that says plainly what went wrong on the way (offline, server down).
 */
export async function requestJson<T extends object>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return fail('unreachable', 'Cannot reach the Vigil server — check the network connection');
  }
  try {
    const parsed = (await response.json()) as Result<T>;
    if (typeof parsed === 'object' && parsed !== null && 'ok' in parsed) return parsed;
  } catch {
    // fall through
  }
  return fail('internal', `The server answered ${response.status} without a usable body`);
}
