/**
 * Registers the service worker that keeps the app shell, and makes sure it controls this page.
 * A worker that activates while the page is navigating claims the pages open then, not the one
 * still loading, which would stay uncontrolled (its on-demand chunks not served offline) until
 * a reload: such a page asks the active worker to claim it.
 */
export function startServiceWorker(container: ServiceWorkerContainer): void {
  container.register('/sw.js').catch(() => undefined);
  void container.ready.then((registration) => {
    // 'claim' is the worker's one message (client/src/sw.ts).
    if (container.controller === null) registration.active?.postMessage('claim');
  });
}
