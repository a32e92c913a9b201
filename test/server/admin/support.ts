import type { Vigil } from '../../../server/app';
import { connectClient, signIn, type TestSocket } from '../../support/server';

export interface Answer {
  status: number;
  body: { ok: boolean; error?: { code: string; message: string; issues: { path: (string | number)[]; message: string }[] } } & Record<
    string,
    unknown
  >;
}

/** An HTTP call as a signed-in person (cookie) or nobody. */
export async function call(
  vigil: Vigil,
  method: string,
  path: string,
  cookie: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${vigil.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : { ok: false, text } };
}

/** A live screen of a person: its socket and whether the server has closed it. */
export interface Screen {
  socket: TestSocket;
  cookie: string;
  closed: () => boolean;
}

export async function openScreen(vigil: Vigil, cookieOrUsername: string): Promise<Screen> {
  const cookie = cookieOrUsername.includes('=') ? cookieOrUsername : await signIn(vigil, cookieOrUsername);
  const socket = await connectClient(vigil.url, cookie);
  let closedByServer = false;
  socket.on('disconnect', () => {
    closedByServer = true;
  });
  return { socket, cookie, closed: () => closedByServer };
}
