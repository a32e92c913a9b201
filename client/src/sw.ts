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
  addEventListener(type: 'message', listener: (event: ExtendableEvent) => void): void;
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

/** How many times one asset is asked for before the worker gives up on it until the next page load. */
const ATTEMPTS = 3;
/** Assets fetched at once: a busy server gets a few requests at a time, not the whole build. */
const PARALLEL = 4;

async function keep(cache: Cache, asset: string): Promise<boolean> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      const response = await fetch(asset);
      if (response.ok) {
        await cache.put(asset, response);
        return true;
      }
    } catch {
      // A dropped connection on a busy network: ask again.
    }
  }
  return false;
}

/**
 * Keeps index.html and every built asset not kept yet. Each asset is kept on its own, so one
 * failed fetch costs that asset only (asked for again at the next page load), never the rest:
 * an all-or-nothing install left a tablet with no offline shell at all when one request failed.
 */
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
  // A new build's assets replace the old ones (their names change with their content).
  if (list?.ok) {
    for (const request of await cache.keys()) {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/assets/') && !assets.has(pathname)) await cache.delete(request);
    }
  }
  const missing: string[] = [];
  for (const asset of assets) if (!(await cache.match(asset))) missing.push(asset);
  const failed: string[] = [];
  const next = async (): Promise<void> => {
    for (let asset = missing.shift(); asset !== undefined; asset = missing.shift()) if (!(await keep(cache, asset))) failed.push(asset);
  };
  await Promise.all(Array.from({ length: PARALLEL }, next));
  if (failed.length > 0)
    console.warn(`Vigil offline shell: ${failed.length} asset(s) not kept yet, asked again at the next page load`, failed);
}

worker.addEventListener('install', (event) => {
  // The worker installs even when the network fails part of the way: a partial shell (filled at the
  // next page load) serves more offline than no worker at all.
  event.waitUntil(
    cacheShell()
      .catch((error: unknown) => console.warn('Vigil offline shell: not kept yet', error))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  );
});

// The one message a page sends: it loaded while this worker activated and is not controlled yet
// (client/src/app/serviceWorker.ts). Claiming again takes every page in scope, that one included.
worker.addEventListener('message', (event) => {
  event.waitUntil(worker.clients.claim());
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
