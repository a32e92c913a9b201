/**
 * Vigil's service worker: keeps the app shell (index.html and its built assets) so that a
 * bedside tablet that reloads while the network is down still opens, shows the last known
 * state and keeps taking entries into the outbox. It never caches the API or live data.
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const worker = self as unknown as WorkerScope;
const CACHE = 'vigil-shell-v1';
const SHELL = '/index.html';
/** Written by the build (scripts/viteAssets.ts). */
const ASSET_LIST = '/asset-list.json';

async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-store' });
  if (!response.ok) return;
  const html = await response.clone().text();
  const assets = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] as string));
  // Pages and the chart load on demand: the build lists every asset so they open offline too.
  const list = await fetch(ASSET_LIST, { cache: 'no-store' }).catch(() => null);
  if (list?.ok) for (const asset of (await list.json()) as string[]) assets.add(asset);
  await cache.put(SHELL, response);
  await cache.addAll([...assets]);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === 'navigate') {
    // Network first (a fresh build wins), the kept shell when the network is gone.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) void cacheShell().catch(() => undefined);
          return response;
        })
        .catch(async () => (await caches.match(SHELL)) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Built assets have content hashes in their names: the cached copy is always right.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
