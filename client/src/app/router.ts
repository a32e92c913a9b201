import { domainStore } from './domainStore';

/**
 * A small History-API router: the location is a store, links call `navigate`, the back
 * button works, and a reload lands on the same page (the server serves index.html for every path).
 */
export type Route =
  | { page: 'login'; next: string | null }
  | { page: 'clinic' }
  | { page: 'board' }
  | { page: 'wall' }
  | { page: 'devices' }
  | { page: 'users' }
  | { page: 'rooms' }
  | { page: 'audit' }
  | { page: 'account' }
  | { page: 'protocols'; protocolId: string | null }
  | { page: 'session'; sessionId: string }
  | { page: 'sessions'; search: string }
  | { page: 'report'; sessionId: string }
  | { page: 'rems'; sessionId: string }
  | { page: 'patients' }
  | { page: 'patient'; patientId: string }
  | { page: 'not_found'; path: string };

export function parseRoute(pathname: string, search = ''): Route {
  if (pathname === '/login') return { page: 'login', next: new URLSearchParams(search).get('next') };
  if (pathname === '/' || pathname === '/clinic') return { page: 'clinic' };
  if (pathname === '/board' || pathname === '/board/') return { page: 'board' };
  if (pathname === '/wall' || pathname === '/wall/') return { page: 'wall' };
  if (pathname === '/devices' || pathname === '/devices/') return { page: 'devices' };
  for (const page of ['users', 'rooms', 'audit', 'account'] as const) {
    if (pathname === `/${page}` || pathname === `/${page}/`) return { page };
  }
  if (pathname === '/protocols' || pathname === '/protocols/') return { page: 'protocols', protocolId: null };
  const protocol = /^\/protocols\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  if (protocol?.[1]) return { page: 'protocols', protocolId: protocol[1] };
  if (pathname === '/sessions' || pathname === '/sessions/') return { page: 'sessions', search };
  if (pathname === '/patients' || pathname === '/patients/') return { page: 'patients' };
  const patient = /^\/patients\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  if (patient?.[1]) return { page: 'patient', patientId: patient[1] };
  const record = /^\/sessions\/([A-Za-z0-9_-]{1,80})\/(report|rems)\/?$/.exec(pathname);
  if (record?.[1] && record[2] === 'report') return { page: 'report', sessionId: record[1] };
  if (record?.[1] && record[2] === 'rems') return { page: 'rems', sessionId: record[1] };
  const session = /^\/sessions\/([A-Za-z0-9_-]{1,80})\/?$/.exec(pathname);
  if (session?.[1]) return { page: 'session', sessionId: session[1] };
  return { page: 'not_found', path: pathname };
}

export const routeStore = domainStore<{ route: Route; path: string }>(() => ({
  route: parseRoute(window.location.pathname, window.location.search),
  path: window.location.pathname + window.location.search,
}));

function sync() {
  routeStore.setState({
    route: parseRoute(window.location.pathname, window.location.search),
    path: window.location.pathname + window.location.search,
  });
}

window.addEventListener('popstate', sync);

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  sync();
  window.scrollTo?.(0, 0);
}

export const paths = {
  clinic: () => '/',
  board: () => '/board',
  wall: () => '/wall',
  devices: () => '/devices',
  users: () => '/users',
  rooms: () => '/rooms',
  audit: () => '/audit',
  account: () => '/account',
  protocols: (protocolId?: string) => (protocolId ? `/protocols/${encodeURIComponent(protocolId)}` : '/protocols'),
  session: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}`,
  sessions: (filters: Record<string, string> = {}) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
    return query ? `/sessions?${query}` : '/sessions';
  },
  patients: () => '/patients',
  patient: (patientId: string) => `/patients/${encodeURIComponent(patientId)}`,
  report: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}/report`,
  rems: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}/rems`,
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
};
